"""Every answer given, and what truly happened to the person when it becomes known."""

from django.db import models
from django.db.models import Q

from .keys import ApiKey
from .versions import ModelVersion


class Prediction(models.Model):
    class Source(models.TextChoices):
        WEB = "web", "Web form"
        API = "api", "JSON API"
        BATCH = "batch", "Batch file"

    created_at = models.DateTimeField(auto_now_add=True)
    # No index of its own: prediction_version_time below starts with it.
    model_version = models.ForeignKey(
        ModelVersion, on_delete=models.PROTECT, related_name="predictions", db_index=False
    )
    inputs = models.JSONField()
    probability = models.FloatField()
    label = models.BooleanField(help_text="True when the model says income is over $50K.")
    # {"base": float, "contributions": {feature: float}} on the log-odds scale (mlcore.explain's
    # compact form; `expand` gives the API's); null for a model that gives none.
    explanation = models.JSONField(null=True, blank=True)
    source = models.CharField(max_length=10, choices=Source.choices)
    # Which key asked, so a key reads back only its own rows; empty for the form and anonymous calls.
    api_key = models.ForeignKey(
        ApiKey, null=True, blank=True, on_delete=models.PROTECT, related_name="predictions", db_index=False
    )
    # The batch file it came from (predictor/batch/models.py); the rows stay in the history
    # when the job is deleted.
    batch_job = models.ForeignKey(
        "BatchJob", null=True, blank=True, on_delete=models.SET_NULL, related_name="predictions", db_index=False
    )
    # The shadow version's answer for the same inputs, when one was set (never shown to the person).
    shadow_version = models.ForeignKey(
        ModelVersion,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="shadowed_predictions",
        db_index=False,
    )
    shadow_probability = models.FloatField(null=True, blank=True)
    shadow_label = models.BooleanField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        # Lists page newest first, with or without filters: an index in that order lets the
        # database stop after one page. Label and source take two values each, so indexes
        # of their own would only tempt the planner into sorting half the table.
        # The drift window and the dashboard read one version's recent rows: without the
        # second index SQLite scanned every row of the version to find the window's.
        # The first also carries every column the dashboard counts, so a year of its
        # predictions is read from the index alone (a tenth of the table's pages, which hold
        # the inputs and explanations), at no extra index to keep up on insert.
        indexes = [
            models.Index(
                fields=["created_at", "id", "source", "model_version", "probability", "label"],
                name="prediction_time_covering",
            ),
            models.Index(fields=["model_version", "created_at"], name="prediction_version_time"),
            # The key, the batch file and the shadow are empty on most rows (a form answer has
            # none of them): indexed only where set, so writing such a row touches three
            # indexes instead of seven (a one-row insert 77 -> 44 microseconds before its
            # sync, here). Every lookup by one of them names a value, which implies it is set.
            *(
                models.Index(fields=[name], condition=Q(**{f"{name}__isnull": False}), name=f"prediction_{name}_set")
                for name in ("api_key", "batch_job", "shadow_version")
            ),
        ]

    def __str__(self):
        return f"#{self.pk} {self.probability:.1%} ({self.get_source_display()})"


class Outcome(models.Model):
    """What truly happened to a predicted person, once known: one per prediction, recorded
    by the key that made the prediction or by staff, so live accuracy can be measured."""

    prediction = models.OneToOneField(Prediction, on_delete=models.CASCADE, primary_key=True, related_name="outcome")
    earns_over_50k = models.BooleanField(help_text="True when the person's income was over $50K.")
    recorded_at = models.DateTimeField(auto_now_add=True)
    # "key cs_…" for an API key, "staff <username>" for the admin.
    recorded_by = models.CharField(max_length=150)

    class Meta:
        ordering = ["-recorded_at"]
        verbose_name = "outcome"
        indexes = [models.Index(fields=["recorded_at"], name="outcome_recorded_at")]

    def __str__(self):
        return f"#{self.prediction_id}: {'over' if self.earns_over_50k else 'at most'} $50K"
