"""The forms staff fill in about outcomes: one outcome, chosen and confirmed, or a CSV file of
them, read and checked row by row. Nothing is stored here; the admin calls the services."""

import csv
import io
from typing import NamedTuple

from django import forms

import mlcore

from ..models import Outcome
from ..services import MAX_ID, MAX_OUTCOMES
from . import display

COLUMNS = ("prediction", "earns_over_50k")
# Compared lower-cased; the census's own label words are among them.
WORDS = {
    **dict.fromkeys(("true", "1", mlcore.POSITIVE.lower()), True),
    **dict.fromkeys(("false", "0", mlcore.NEGATIVE.lower()), False),
}
MAX_BYTES = 2_000_000  # 10,000 rows of an id and a word are 200 KB: room for other columns


class OutcomeFile(NamedTuple):
    items: list[tuple[int, bool]]  # (prediction id, earns_over_50k), for outcomes_record
    rows: list[int]  # each item's row number, counted from 1 after the header
    problems: list[dict]  # {"row", "field", "message"}: values that are none of WORDS


def _prediction_id(text: str) -> int | None:
    # ASCII digits only ("²" is a digit to str.isdigit), and few enough to be a 64-bit id.
    fits = text.isascii() and text.isdigit() and len(text) <= 19 and 1 <= int(text) <= MAX_ID
    return int(text) if fits else None


def read_outcome_file(data: bytes) -> OutcomeFile:
    """The outcomes in a CSV with the columns prediction and earns_over_50k (others are
    ignored); forms.ValidationError, one sentence, for a file that cannot be one."""
    try:
        lines = csv.reader(io.StringIO(data.decode("utf-8-sig")))  # the BOM spreadsheets write
        header = [name.strip().lower() for name in next(lines, [])]
        body = [(number, row) for number, row in enumerate(lines, start=1) if "".join(row).strip()]
    except UnicodeDecodeError:
        raise forms.ValidationError("The file is not UTF-8 text: save it as CSV (UTF-8) and upload it again.") from None
    except csv.Error as error:
        raise forms.ValidationError(f"The file cannot be read as CSV ({error}).") from None
    if not set(COLUMNS) <= set(header):
        named = ", ".join(header) or "nothing"
        raise forms.ValidationError(f"The first row must name the columns {' and '.join(COLUMNS)}, not {named}.")
    if not body or len(body) > MAX_OUTCOMES:
        raise forms.ValidationError(f"The file has {len(body)} rows under its header; send 1 to {MAX_OUTCOMES:,}.")
    at_id, at_value = (header.index(name) for name in COLUMNS)
    found = OutcomeFile([], [], [])
    for number, row in body:
        cells = [cell.strip() for cell in row] + [""] * len(header)  # a short row reads as empty cells
        pk, word = _prediction_id(cells[at_id]), cells[at_value].lower()
        if pk is None:
            raise forms.ValidationError(f"Row {number}: {cells[at_id]!r} is not a prediction id (a whole number).")
        if word in WORDS:
            found.items.append((pk, WORDS[word]))
            found.rows.append(number)
        else:
            message = f"{cells[at_value]!r} is none of true/false, 1/0, >50K/<=50K"
            found.problems.append({"row": number, "field": "earns_over_50k", "message": message})
    return found


class OutcomeUploadForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text="Its first row names the columns prediction and earns_over_50k; other columns are ignored.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(f"The file is {upload.size:,} bytes; the limit is {MAX_BYTES:,}.")
        return read_outcome_file(upload.read())


# What the person earned, with nothing chosen until staff choose: a preselected answer would
# be recorded by anyone who only meant to pick the prediction.
CHOICES = [
    ("", "Choose what the person earned"),
    ("True", f"Income {display.OVER}"),
    ("False", f"Income {display.AT_MOST}"),
]


class OutcomeForm(forms.ModelForm):
    earns_over_50k = forms.TypedChoiceField(
        label="What the person earned",
        choices=CHOICES,
        coerce=lambda value: str(value) == "True",  # the initial value is the stored bool
        help_text="As learned from the person or their records, not from this model.",
    )

    class Meta:
        model = Outcome
        fields = ["prediction", "earns_over_50k"]

    def clean(self):
        cleaned = super().clean()
        prediction = cleaned.get("prediction")
        if self.instance._state.adding and prediction and Outcome.objects.filter(prediction=prediction).exists():
            message = f"Prediction {prediction.pk} already has an outcome; to correct it, open it in the outcomes list."
            self.add_error("prediction", message)
        elif not self.instance._state.adding and "earns_over_50k" in cleaned and not self.has_changed():
            raise forms.ValidationError("That is the outcome already recorded: choose the other one to correct it.")
        return cleaned
