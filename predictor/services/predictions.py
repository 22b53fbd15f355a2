"""Predictions: predict and store them (marked for a shadow when one is set), score what the
shadow has to score, and prune the old."""

import logging

import orjson
from django.db import transaction
from django.utils import timezone

import mlcore

from ..models import ApiKey, Prediction
from ..monitoring.counters import predictions_counted, shadow_failure_counted
from ..registry import ActiveModel, active_model, shadow_model
from ..storage import predictions_insert, shadow_scores_store
from ..stored import ShadowMark, StoredPrediction, StoredRows

logger = logging.getLogger(__name__)


def prediction_create(*, inputs: dict, source: str, model: ActiveModel | None = None) -> StoredPrediction:
    """Predict one record and store it. Raises RecordError."""
    model = model or active_model()
    stored = predictions_create(records=[inputs], source=source, model=model)
    return StoredPrediction(
        id=stored.ids[0],
        created_at=stored.created_at,
        model_version=model.version,
        inputs=stored.inputs[0],
        explanation=stored.explanations[0],
        probability=stored.probabilities[0],
        label=stored.labels[0],
        source=source,
    )


def predictions_create(
    *, records: list[dict], source: str, model: ActiveModel | None = None, api_key: ApiKey | None = None, batch_job=None
) -> StoredRows:
    """Predict records and store every row, all or none.

    `model` is the one a caller already took from the registry, so the form it validated
    and the model that answers are the same; by default, the active one. Raises
    mlcore.RecordError (nothing stored) when any record is invalid, and
    registry.ModelUnavailable when no model can answer.
    """
    model = model or active_model()
    version, predictor = model.version, model.predictor
    cleaned = predictor.clean_many(records)
    probabilities, labels = predictor.predict_cleaned(cleaned)
    explanations = predictor.explanations(cleaned)
    # Marked for the shadow, which the batch worker scores in bulk (shadow_score_pending).
    shadow = ShadowMark(model.shadow_id) if model.shadow_id is not None else None
    stored_json = [None if e is None else orjson.dumps(mlcore.compact(e)).decode() for e in explanations]
    now = timezone.now()
    # Predict first, then take the write lock only for the insert: on SQLite the lock
    # is database-wide.
    ids = predictions_insert(
        rows=list(zip(cleaned, stored_json, probabilities, labels, strict=True)),
        created_at=now,
        model_version_id=version.pk,
        api_key_id=api_key.pk if api_key else None,
        source=source,
        batch_job_id=batch_job.pk if batch_job else None,
        shadow=shadow,
    )
    # Counted once committed: at once for the form and the API, after its chunk for a batch
    # file, whose transaction may yet roll back.
    transaction.on_commit(
        lambda: predictions_counted(source=source, version_id=version.pk, probabilities=probabilities)
    )
    return StoredRows(ids, cleaned, explanations, probabilities, labels, version.pk, now)


SHADOW_CHUNK = 5_000


def shadow_score_pending(*, limit: int = SHADOW_CHUNK) -> int:
    """Score, with the shadow version, up to `limit` stored predictions marked for it and not
    yet scored, oldest first, and store its answers beside the active version's; returns how
    many were scored. The batch worker runs this every second: one person at a time in the
    request tripled the form POST's time, thousands at once cost microseconds each. A shadow
    that cannot load or answer never touches the active answers: the rows lose their mark
    (they stay unscored), the failure is logged and counted."""
    shadow = shadow_model()
    if shadow is None:
        return 0
    pending = Prediction.objects.filter(shadow_version=shadow.version.pk, shadow_probability=None)
    rows = list(pending.order_by("pk").values_list("pk", "inputs")[:limit])
    if not rows:
        return 0
    ids = [pk for pk, _ in rows]
    try:
        if shadow.predictor is None:
            raise mlcore.ArtifactError(shadow.error)
        probabilities, labels = shadow.predictor.predict_cleaned(shadow.predictor.clean_many([i for _, i in rows]))
    except Exception as error:  # whatever the shadow does wrong, the stored answers stand
        logger.warning("shadow version %s could not score %d predictions: %s", shadow.version.pk, len(ids), error)
        Prediction.objects.filter(pk__in=ids).update(shadow_version=None)
        shadow_failure_counted(version_id=shadow.version.pk, rows=len(ids))
        return 0
    shadow_scores_store(ids=ids, probabilities=probabilities, labels=labels)
    return len(ids)


PRUNE_BATCH = 5_000


def predictions_prune(*, before, progress=None) -> int:
    """Delete predictions made before `before`, oldest first, in batches of PRUNE_BATCH
    (each its own transaction, so a long prune never holds SQLite's one write lock for
    long); outcomes go with them. Model versions are never touched. Returns the count."""
    deleted, old = 0, Prediction.objects.filter(created_at__lt=before).order_by("pk")
    while ids := list(old.values_list("pk", flat=True)[:PRUNE_BATCH]):
        with transaction.atomic():  # the outcomes cascade in the same transaction
            _, per_model = Prediction.objects.filter(pk__in=ids).delete()
        deleted += per_model.get(Prediction._meta.label, 0)
        if progress:
            progress(deleted)
    return deleted
