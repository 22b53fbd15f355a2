"""Outcomes: staff record what truly happened to predicted people, one by one or from a CSV file;
once recorded, an outcome is kept as it is (as the API keeps it), so live accuracy stays honest."""

import csv
import io
from typing import NamedTuple

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path

import mlcore

from ..models import Outcome
from ..services import MAX_ID, MAX_OUTCOMES, OutcomeConflict, outcome_record, outcomes_record

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


class OutcomeForm(forms.ModelForm):
    class Meta:
        model = Outcome
        fields = ["prediction", "earns_over_50k"]

    def clean(self):
        cleaned = super().clean()
        prediction = cleaned.get("prediction")
        if prediction is not None and Outcome.objects.filter(prediction=prediction).exists():
            raise forms.ValidationError(f"Prediction {prediction.pk} already has an outcome; it cannot be changed.")
        return cleaned


@admin.register(Outcome)
class OutcomeAdmin(admin.ModelAdmin):
    form = OutcomeForm
    list_display = ["prediction", "earns_over_50k", "recorded_at", "recorded_by"]
    list_filter = ["earns_over_50k", "recorded_at"]
    search_fields = ["=prediction__id", "recorded_by"]
    raw_id_fields = ["prediction"]  # a select of every prediction would load them all

    def get_urls(self):
        upload = path("upload/", self.admin_site.admin_view(self.upload_view), name="predictor_outcome_upload")
        return [upload, *super().get_urls()]

    def upload_view(self, request):
        """A CSV of outcomes, all or nothing through outcomes_record, as the API records them."""
        if not self.has_add_permission(request):  # checked here: the changelist only hides the link
            raise PermissionDenied
        form = OutcomeUploadForm(request.POST or None, request.FILES or None)
        found = form.cleaned_data["file"] if form.is_valid() else None
        problems = found.problems if found else []
        if found and not problems:
            try:
                recorded, unchanged = outcomes_record(
                    items=found.items, by=f"staff {request.user.get_username()}", api_key=None
                )
            except mlcore.RecordError as error:
                problems = [{**e, "row": found.rows[e["index"]]} for e in error.errors]
            except OutcomeConflict as error:  # another upload or key recorded one at the same moment
                form.add_error(None, str(error))
            else:
                self.message_user(request, f"Recorded {recorded}, unchanged {unchanged}.", messages.SUCCESS)
                return redirect("admin:predictor_outcome_changelist")
        context = {**self.admin_site.each_context(request), "opts": self.opts, "title": "Upload outcomes"}
        context.update(form=form, problems=problems, limit=f"{MAX_OUTCOMES:,}")
        return TemplateResponse(request, "admin/predictor/outcome/upload.html", context)

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        # Through the service, as the API records one; the form already refused a second.
        try:
            outcome, _ = outcome_record(
                prediction=obj.prediction, earns_over_50k=obj.earns_over_50k, by=f"staff {request.user.get_username()}"
            )
        except OutcomeConflict as error:  # recorded by someone else since the form was checked
            self.message_user(request, str(error), level=messages.ERROR)
            return
        obj.pk, obj.recorded_at, obj.recorded_by = outcome.pk, outcome.recorded_at, outcome.recorded_by
