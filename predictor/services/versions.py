"""Model versions: store one, make it the active one or the shadow, promote the shadow."""

from django.db import transaction
from django.utils import timezone

import mlcore

from ..models import ModelVersion
from ..monitoring.shadow import shadow_comparison
from ..registry import load_version


def model_version_activate(*, version: ModelVersion, by: str) -> ModelVersion:
    """Make `version` the one active model; the database forbids two at once. A version
    already active is left as it was: a new stamp would only make every process reload it.

    Raises mlcore.ArtifactError, leaving the active version as it was, when `version`
    cannot be loaded by this process.
    """
    load_version(version)
    with transaction.atomic():
        _lock_versions()
        if ModelVersion.objects.filter(pk=version.pk, is_active=True).exists():
            return version
        ModelVersion.objects.filter(is_active=True).exclude(pk=version.pk).update(is_active=False)
        # A shadow that becomes active stops shadowing: it cannot be both.
        version.is_active, version.is_shadow = True, False
        version.activated_at = timezone.now()
        version.activated_by = by
        version.save(update_fields=["is_active", "is_shadow", "activated_at", "activated_by"])
    return version


class ShadowRefused(Exception):
    """A version cannot be shadowed or promoted now; the message says why and what to do.
    `forceable`: forcing would go ahead (a promotion the live figures do not allow)."""

    def __init__(self, message: str, *, forceable: bool = False):
        super().__init__(message)
        self.forceable = forceable


def _lock_versions() -> None:
    # Every version row locked, so that two flag changes at once queue instead of colliding
    # on a one-active or one-shadow constraint.
    list(ModelVersion.objects.select_for_update().values_list("pk", flat=True))


def model_version_shadow(*, version: ModelVersion, by: str) -> ModelVersion:
    """Make `version` the one shadow: from now on every prediction is also scored by it and
    its answer stored beside the active one's, never shown. Raises ShadowRefused when it is
    the active version or takes other inputs, mlcore.ArtifactError when it cannot be loaded."""
    active = ModelVersion.objects.filter(is_active=True).first()
    if active is None or active.pk == version.pk:
        raise ShadowRefused(
            f"version {version.pk} cannot shadow: " + ("it is the active version" if active else "no version is active")
        )
    mine, theirs = version.metadata["features"], active.metadata["features"]
    if mine != theirs:
        differ = sorted(set(mine) ^ set(theirs)) or ["their order"]
        raise ShadowRefused(
            f"version {version.pk} takes other inputs than the active version {active.pk} (they differ in "
            f"{', '.join(differ)}); a shadow must answer from the inputs the form and the API ask for"
        )
    load_version(version)
    with transaction.atomic():
        _lock_versions()
        ModelVersion.objects.filter(is_shadow=True).exclude(pk=version.pk).update(is_shadow=False)
        version.is_shadow, version.shadowed_at, version.shadowed_by = True, timezone.now(), by
        version.save(update_fields=["is_shadow", "shadowed_at", "shadowed_by"])
    return version


def shadow_clear() -> int:
    """Stop shadowing: the rows scored so far keep the shadow's answers. Returns how many
    versions were cleared (0 or 1)."""
    return ModelVersion.objects.filter(is_shadow=True).update(is_shadow=False)


def shadow_promote(*, by: str, max_drop: float = 0.005, force: bool = False) -> ModelVersion:
    """Make the shadow the active version on the evidence of the live rows both scored, as
    the retrain gate does on the held-out file: refused when the shadow's live ROC AUC is
    more than `max_drop` below the active version's, or cannot be measured yet, unless
    `force`. Stores the figures it was promoted on, and who promoted it."""
    comparison = shadow_comparison()
    if comparison is None:
        raise ShadowRefused("no version is shadowing; set one with `manage.py shadow_model ID`")
    version = ModelVersion.objects.get(pk=comparison["version"])
    active, candidate = comparison["active"]["roc_auc"], comparison["candidate"]["roc_auc"]
    reason = None
    if active is None or candidate is None:
        reason = f"{comparison['outcomes']} outcomes on rows both versions scored, too few to measure ROC AUC"
    elif round(active - candidate, 6) > max_drop:
        drop = active - candidate
        reason = f"live ROC AUC {candidate:.4f} is {drop:.4f} below the active version's {active:.4f} (> {max_drop})"
    if reason and not force:
        raise ShadowRefused(f"version {version.pk} not promoted: {reason}", forceable=True)
    with transaction.atomic():
        version.is_shadow = False
        version.promotion = {**comparison, "forced": reason if force else None, "by": by}
        version.save(update_fields=["is_shadow", "promotion"])
        return model_version_activate(version=version, by=by)


def model_version_create(
    *, artifact: mlcore.Artifact, card: dict | None = None, test_scores: bytes = b"", profile: dict | None = None
) -> ModelVersion:
    """Store a trained version, inactive, with its model card, held-out scores and training
    input profile (mlcore.build)."""
    meta = artifact.metadata
    return ModelVersion.objects.create(
        algorithm=meta["algorithm"],
        preset=meta["preset"],
        metadata=meta,
        metrics=meta["metrics"],
        artifact=artifact.data,
        artifact_sha256=artifact.sha256,
        card=card or {},
        test_scores=test_scores,
        profile=profile or {},
    )
