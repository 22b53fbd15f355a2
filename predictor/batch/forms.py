"""The upload form of /batch/."""

from django import forms

import mlcore


class UploadForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text=f"Up to {mlcore.BATCH_MAX_ROWS:,} rows, {mlcore.BATCH_MAX_COLUMNS:,} columns and "
        f"{mlcore.BATCH_MAX_BYTES // 1024**2} MB, UTF-8.",
        error_messages={"required": "CSV file: choose a file to upload.", "empty": "CSV file: The file is empty."},
        widget=forms.ClearableFileInput(
            attrs={"accept": ".csv,text/csv", "aria-describedby": "id_file_helptext id_file_error"}
        ),
    )
    record_outcomes = forms.BooleanField(
        label="Record the known outcomes in this file",
        required=False,
        help_text="Its income column (>50K or <=50K) or earns_over_50k column (true or false) is stored "
        "as each scored person's true outcome, and counts towards the model's live accuracy.",
        widget=forms.CheckboxInput(attrs={"aria-describedby": "id_record_outcomes_helptext"}),
    )


def may_upload(user) -> bool:
    """Signed-in users with the batch permission (staff have it) may upload."""
    return user.is_active and (user.is_staff or user.has_perm("predictor.run_batch"))
