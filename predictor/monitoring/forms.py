"""What to look at: the staff dashboard's days and sources, and the sources the drift
command and the monitoring API take as a comma-separated list."""

from datetime import date

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator

from predictor.models import Prediction

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


SOURCES = tuple(Prediction.Source.values)  # web, api, batch


def parse_sources(text: str | None) -> tuple[str, ...] | None:
    """`"api,batch"` as ("api", "batch"); None or blank is every source (None). Raises
    ValueError naming what is allowed."""
    if not text or not text.strip():
        return None
    names = tuple(dict.fromkeys(name.strip() for name in text.split(",") if name.strip()))
    if not names:  # only commas
        return None
    unknown = [name for name in names if name not in SOURCES]
    if unknown:
        raise ValueError(f"source: {', '.join(unknown)} is not a source; allowed: {', '.join(SOURCES)}")
    return names


class RangeForm(forms.Form):
    since = _date_field("since", "From", "The first day counted.")
    until = _date_field("until", "To", "The last day counted, itself included.")
    source = forms.MultipleChoiceField(
        label="Sources",
        label_suffix="",
        choices=Prediction.Source.choices,
        required=False,
        help_text="Leave all unticked to count every source.",
        error_messages={"invalid_choice": f"Sources: pick from {', '.join(SOURCES)}."},
        widget=forms.CheckboxSelectMultiple(attrs={"aria-describedby": "id_source_helptext id_source_error"}),
    )

    def clean_source(self) -> tuple[str, ...] | None:
        chosen = tuple(self.cleaned_data["source"])
        return chosen if chosen and set(chosen) != set(SOURCES) else None

    def clean(self):
        since, until = self.cleaned_data.get("since"), self.cleaned_data.get("until")
        if since and until and since > until:
            self.add_error("until", "To: pick a day on or after the “From” day.")
        elif since and until and (until - since).days >= LONGEST_DAYS:
            self.add_error("until", f"To: pick a range of at most {LONGEST_DAYS} days.")
