"""A batch file being scored in the background: who sent it, how far it got, where its files are.

Its progress moves in the same transaction as the predictions of each chunk, so after a
crash the job says exactly which rows are stored, and scoring resumes from there.

The model is the batch wing's, but its rows stay in the `predictor` app (app_label below):
its table, its migrations and the `predictor.run_batch` permission people were granted are
the same as before the wing existed, and predictions point at it within one app.
"""

import uuid

from django.conf import settings
from django.db import models


class BatchJob(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Scoring"
        DONE = "done", "Finished"
        FAILED = "failed", "Failed"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="batch_jobs")
    created_at = models.DateTimeField(auto_now_add=True)
    file_name = models.CharField(max_length=255)
    size_bytes = models.BigIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    model_version = models.ForeignKey("ModelVersion", null=True, blank=True, on_delete=models.PROTECT)
    rows_total = models.PositiveIntegerField()
    rows_done = models.PositiveIntegerField(default=0)  # scored or refused, in file order
    rows_scored = models.PositiveIntegerField(default=0)
    rows_failed = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Written with each chunk: a running job whose worker stopped writing has no worker.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    worker = models.CharField(max_length=100, blank=True)  # host:pid of the process scoring it
    task_id = models.CharField(max_length=64, blank=True)  # the tasks framework's id of its latest run
    # mlcore.Layout, read once at upload; megabytes for a wide file, so only the worker loads it.
    layout = models.JSONField(default=dict)
    error = models.TextField(blank=True)

    class Meta:
        app_label = "predictor"
        ordering = ["-created_at"]
        verbose_name = "batch job"
        permissions = [("run_batch", "Can score a CSV file of people in the browser")]

    def __str__(self):
        return f"{self.file_name} ({self.get_status_display()}, {self.rows_done:,} of {self.rows_total:,} rows)"

    @property
    def directory(self):
        return settings.BATCH_DIR / str(self.id)

    @property
    def outcomes_by(self) -> str:
        """The recorded_by of the outcomes its file stated: how they are told from others."""
        return f"batch {self.id}"

    @property
    def records_outcomes(self) -> bool:
        """Whether the uploader asked for the file's known outcomes to be recorded. A page's
        job comes without its layout (selectors.py) but with this one key of it, `outcome_column`."""
        if hasattr(self, "outcome_column"):
            return self.outcome_column is not None
        return self.layout.get("outcome") is not None

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
