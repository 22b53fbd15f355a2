"""The site's forms: the prediction form, built from the active model's schema so no category
is typed twice, and the staff dashboard's date range."""

import functools
from datetime import date

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.forms.renderers import TemplatesSetting

from mlcore import Schema
from mlcore.labels import category_choices
from mlcore.schema import CATEGORY


class SiteFormRenderer(TemplatesSetting):
    """Every form field renders through one template, so errors have one place and look."""

    field_template_name = "forms/field.html"


def _field(feature) -> forms.Field:
    if feature.kind == CATEGORY:
        return forms.ChoiceField(
            label=feature.label,
            help_text=feature.help,
            choices=category_choices(feature.name, feature.categories),
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


# The staff dashboard's date range (predictor/dashboard.py).
LONGEST_DAYS = 366
FIRST, LAST = date(2000, 1, 1), date(2999, 12, 31)  # keeps day arithmetic far from date.max


def _date_field(name: str, label: str, help_text: str) -> forms.DateField:
    message = f"{label}: enter a date as YYYY-MM-DD, from {FIRST} to {LAST}."
    return forms.DateField(
        label=label,
        label_suffix="",
        help_text=help_text,
        input_formats=["%Y-%m-%d"],
        error_messages=dict.fromkeys(("required", "invalid"), message),
        validators=[MinValueValidator(FIRST, message), MaxValueValidator(LAST, message)],
        # Points at the error slot even while it is empty, as on the model card's form.
        widget=forms.DateInput(
            format="%Y-%m-%d", attrs={"type": "date", "aria-describedby": f"id_{name}_helptext id_{name}_error"}
        ),
    )


class RangeForm(forms.Form):
    since = _date_field("since", "From", "The first day counted.")
    until = _date_field("until", "To", "The last day counted, itself included.")

    def clean(self):
        since, until = self.cleaned_data.get("since"), self.cleaned_data.get("until")
        if since and until and since > until:
            self.add_error("until", "To: pick a day on or after the “From” day.")
        elif since and until and (until - since).days >= LONGEST_DAYS:
            self.add_error("until", f"To: pick a range of at most {LONGEST_DAYS} days.")
