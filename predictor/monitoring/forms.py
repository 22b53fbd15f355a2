"""The staff dashboard's date range."""

from datetime import date

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator

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
