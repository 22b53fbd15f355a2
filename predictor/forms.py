"""The prediction form, built from the active model's schema so no category is typed twice."""

import functools

from django import forms
from django.forms.renderers import TemplatesSetting

from mlcore import Schema
from mlcore.schema import CATEGORY

# Plain words for the census codes people would otherwise have to decode. Only labels live
# here: which values are allowed still comes from the model's schema, and a code missing
# from this table is shown as it is. The order is the order the choices are offered in.
CHOICE_LABELS = {
    "education": {
        "Preschool": "Preschool",
        "1st-4th": "1st to 4th grade",
        "5th-6th": "5th or 6th grade",
        "7th-8th": "7th or 8th grade",
        "9th": "9th grade",
        "10th": "10th grade",
        "11th": "11th grade",
        "12th": "12th grade, no diploma",
        "HS-grad": "High school graduate",
        "Some-college": "Some college, no degree",
        "Assoc-voc": "Associate degree (vocational)",
        "Assoc-acdm": "Associate degree (academic)",
        "Bachelors": "Bachelor's degree",
        "Masters": "Master's degree",
        "Prof-school": "Professional school degree",
        "Doctorate": "Doctorate",
    },
    "workclass": {
        "Private": "Private company",
        "Self-emp-not-inc": "Self-employed (not incorporated)",
        "Self-emp-inc": "Self-employed (incorporated)",
        "Federal-gov": "Federal government",
        "State-gov": "State government",
        "Local-gov": "Local government",
        "Without-pay": "Without pay",
        "Never-worked": "Never worked",
    },
    "marital_status": {
        "Never-married": "Never married",
        "Married-civ-spouse": "Married",
        "Married-AF-spouse": "Married, spouse in the armed forces",
        "Married-spouse-absent": "Married, spouse absent",
        "Separated": "Separated",
        "Divorced": "Divorced",
        "Widowed": "Widowed",
    },
    "race": {
        "Amer-Indian-Eskimo": "American Indian or Eskimo",
        "Asian-Pac-Islander": "Asian or Pacific Islander",
    },
}


class SiteFormRenderer(TemplatesSetting):
    """Every form field renders through one template, so errors have one place and look."""

    field_template_name = "forms/field.html"


def _choices(name: str, categories) -> list[tuple[str, str]]:
    labels = CHOICE_LABELS.get(name, {})
    order = {code: i for i, code in enumerate(labels)}
    ordered = sorted(categories, key=lambda code: (order.get(code, len(order)), code))
    return [(code, labels.get(code, code.replace("-", " "))) for code in ordered]


def _field(feature) -> forms.Field:
    if feature.kind == CATEGORY:
        return forms.ChoiceField(
            label=feature.label,
            help_text=feature.help,
            choices=_choices(feature.name, feature.categories),
            initial=feature.default,
            error_messages={"required": "Choose a value.", "invalid_choice": "Choose one of the listed options."},
        )
    allowed = f"Enter a whole number from {feature.minimum} to {feature.maximum}."
    return forms.IntegerField(
        label=feature.label,
        help_text=feature.help,
        min_value=feature.minimum,
        max_value=feature.maximum,
        initial=feature.default,
        error_messages=dict.fromkeys(("required", "invalid", "min_value", "max_value"), allowed),
    )


@functools.cache
def _fields_of(schema: Schema) -> dict[str, forms.Field]:
    fields = {}
    for feature in schema.features:
        field = fields[feature.name] = _field(feature)
        # Point at the error slot even while it is empty, so an error that htmx fills
        # in later is announced with its field.
        field.widget.attrs["aria-describedby"] = f"id_{feature.name}_helptext id_{feature.name}_error"
    return fields


class PredictionForm(forms.Form):
    def __init__(self, *args, schema: Schema, **kwargs):
        super().__init__(*args, label_suffix="", **kwargs)
        # Built once per model schema and shared: building (or deep-copying, as Django does
        # with declared fields) seven fields cost a tenth of a form answer. Shared fields are
        # only read, never changed per request; bound values and errors live on the form.
        self.fields = dict(_fields_of(schema))
