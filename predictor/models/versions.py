"""A trained model version: its artifact, card and scores, and which one answers."""

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
