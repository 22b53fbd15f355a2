import hashlib

from django.db import models
from django.db.models import Q
from django.utils import dateformat, timezone
from django.utils.functional import cached_property


class ModelVersionManager(models.Manager):
    def get_queryset(self):
        # The artifact can be megabytes and the test scores a hundred kilobytes; only the
        # registry and the threshold control need them, and they ask for them.
        return super().get_queryset().defer("artifact", "test_scores")


class ModelVersion(models.Model):
    """One trained model: its artifact bytes, what it was trained on and how it scored.

    The bytes live in the database so every web host sharing it serves the same model
    with nothing to copy between machines.
    """

    class Algorithm(models.TextChoices):
        LOGREG = "logreg", "logistic regression"
        HGB = "hgb", "gradient-boosted trees"

    created_at = models.DateTimeField(auto_now_add=True)
    algorithm = models.CharField(max_length=20, choices=Algorithm.choices)
    preset = models.CharField(max_length=100)
    metadata = models.JSONField()
    metrics = models.JSONField()
    artifact = models.BinaryField()
    artifact_sha256 = models.CharField(max_length=64)
    is_active = models.BooleanField(default=False)
    activated_at = models.DateTimeField(null=True, blank=True)
    activated_by = models.CharField(max_length=150, blank=True)
    # The model card (mlcore/report.py), built once at retrain so its pages do no model work;
    # empty for versions trained before cards existed.
    card = models.JSONField(default=dict, blank=True)
    # The held-out labels and probabilities (mlcore.evaluate.pack_scores), for the card's
    # threshold control.
    test_scores = models.BinaryField(default=b"", blank=True)
    # Each input's training distribution (mlcore.drift.profile), to measure drift against.
    profile = models.JSONField(default=dict, blank=True)
    # A shadow scores every prediction beside the active version, silently, so it can be
    # judged on the people the site is asked about now (docs/retraining.md).
    is_shadow = models.BooleanField(default=False)
    shadowed_at = models.DateTimeField(null=True, blank=True)
    shadowed_by = models.CharField(max_length=150, blank=True)
    # The live figures a shadow was promoted on (services.shadow_promote); empty otherwise.
    promotion = models.JSONField(default=dict, blank=True)

    objects = ModelVersionManager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "model version"
        constraints = [
            models.UniqueConstraint(fields=["is_active"], condition=Q(is_active=True), name="one_active_model_version"),
            models.UniqueConstraint(fields=["is_shadow"], condition=Q(is_shadow=True), name="one_shadow_model_version"),
            models.CheckConstraint(condition=~Q(is_active=True, is_shadow=True), name="shadow_is_not_active"),
        ]

    def __str__(self):
        state = " (active)" if self.is_active else " (shadow)" if self.is_shadow else ""
        return f"v{self.pk} {self.get_algorithm_display()}, {self.preset}{state}"

    @cached_property
    def summary(self) -> str:
        """How the page names this version. Worked out once: the registry keeps one
        instance per process, and the date format alone cost a tenth of a form answer."""
        trained = dateformat.format(timezone.localtime(self.created_at), "j M Y, H:i e")
        return f"Model v{self.pk}: {self.get_algorithm_display()}, {self.preset} features, trained {trained}"


class ApiKey(models.Model):
    """A program's credential for the API. Only a hash of the secret is kept: the key itself
    is shown once, when it is made, and the visible prefix is how people tell keys apart."""

    PREFIX_LENGTH = len("cs_") + 12  # "cs_" and 6 random bytes in hex

    class Scope(models.TextChoices):
        PREDICT = "predict", "predict: send several records at once (and single ones)"
        READ = "read", "read: fetch the predictions this key made"

    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=16, unique=True, editable=False)
    key_hash = models.CharField(max_length=64, editable=False)
    scopes = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.CharField(max_length=150, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "API key"

    def __str__(self):
        state = " (revoked)" if self.revoked_at else ""
        return f"{self.name} ({self.prefix}…){state}"

    @staticmethod
    def hash_of(secret: str) -> str:
        """How a secret is stored and looked up. It is 256 random bits, so one fast hash is
        as safe as a slow one and costs nothing per request."""
        return hashlib.sha256(secret.encode()).hexdigest()


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
