"""The page's forms: the prediction form, built from the active model's schema so no category
is typed twice, and the model card's threshold control."""

import functools

from django import forms
from django.forms.renderers import TemplatesSetting

import mlcore


class SiteFormRenderer(TemplatesSetting):
    """Every form field renders through one template, so errors have one place and look."""

    field_template_name = "forms/field.html"


def _field(feature) -> forms.Field:
    if feature.kind == mlcore.CATEGORY:
        return forms.ChoiceField(
            label=feature.label,
            help_text=feature.help,
            choices=mlcore.category_choices(feature.name, feature.categories),
            initial=feature.default,
            error_messages={"required": "Choose a value.", "invalid_choice": "Choose one of the listed options."},
        )
    allowed = f"Enter {mlcore.allowed_words(feature)}."  # the API's words for the same rule
    return forms.IntegerField(
        label=feature.label,
        help_text=feature.help,
        min_value=feature.minimum,
        max_value=feature.maximum,
        initial=feature.default,
        error_messages=dict.fromkeys(("required", "invalid", "min_value", "max_value"), allowed),
    )


@functools.cache
def _fields_of(schema: mlcore.Schema) -> dict[str, forms.Field]:
    fields = {}
    for feature in schema.features:
        field = fields[feature.name] = _field(feature)
        # Point at the error slot even while it is empty, so an error that htmx fills
        # in later is announced with its field.
        field.widget.attrs["aria-describedby"] = f"id_{feature.name}_helptext id_{feature.name}_error"
    return fields


class PredictionForm(forms.Form):
    def __init__(self, *args, schema: mlcore.Schema, **kwargs):
        super().__init__(*args, label_suffix="", **kwargs)
        # Built once per model schema and shared: building (or deep-copying, as Django does
        # with declared fields) seven fields cost a tenth of a form answer. Shared fields are
        # only read, never changed per request; bound values and errors live on the form.
        self.fields = dict(_fields_of(schema))


THRESHOLD_ERROR = "Threshold: enter a number from 0.01 to 0.99."


class ThresholdForm(forms.Form):
    threshold = forms.FloatField(
        label="Threshold",
        label_suffix="",  # as on the prediction form
        min_value=0.01,
        max_value=0.99,
        help_text="A person counts as predicted to earn over $50K when their probability is at least this "
        "(from 0.01 to 0.99).",
        # One message for every way to get it wrong, naming the field and the range.
        error_messages=dict.fromkeys(("required", "invalid", "min_value", "max_value"), THRESHOLD_ERROR),
        widget=forms.NumberInput(
            # Point at the error slot even while it is empty, so an error htmx fills in is announced.
            attrs={"step": "0.01", "aria-describedby": "id_threshold_helptext id_threshold_error"}
        ),
    )
