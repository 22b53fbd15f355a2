"""Every write the page, the API, the admin, the commands and the batch worker share."""

import logging
import secrets
from datetime import timedelta

import orjson
from django.db import IntegrityError, transaction
from django.utils import timezone

import mlcore

from .models import ApiKey, ModelVersion, Outcome, Prediction
from .monitoring.counters import predictions_counted, shadow_failure_counted
from .monitoring.shadow import shadow_comparison
from .registry import ActiveModel, active_model, load_version, shadow_model
from .storage import ShadowMark, StoredPrediction, StoredRows, predictions_insert, shadow_scores_store

logger = logging.getLogger(__name__)


def model_version_activate(*, version: ModelVersion, by: str) -> ModelVersion:
    """Make `version` the one active model; the database forbids two at once.

    Raises mlcore.ArtifactError, leaving the active version as it was, when `version`
    cannot be loaded by this process.
    """
    load_version(version)
    with transaction.atomic():
        _lock_versions()
        ModelVersion.objects.filter(is_active=True).exclude(pk=version.pk).update(is_active=False)
        # A shadow that becomes active stops shadowing: it cannot be both.
        version.is_active, version.is_shadow = True, False
        version.activated_at = timezone.now()
        version.activated_by = by
        version.save(update_fields=["is_active", "is_shadow", "activated_at", "activated_by"])
    return version


class ShadowRefused(Exception):
    """A version cannot be shadowed or promoted now; the message says why and what to do."""


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
        raise ShadowRefused(f"version {version.pk} not promoted: {reason} (force it to promote anyway)")
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
    shadow = ShadowMark(model.shadow.version.pk) if model.shadow is not None else None
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
    many were scored. The batch worker runs this every second, so a shadow costs the request
    nothing but its id: a gradient-boosted shadow scoring one person at a time tripled the form
    POST's time, where thousands at once cost microseconds each.

    A shadow that cannot be loaded or fails to answer never touches the active answers: the
    rows lose their mark (they stay unscored), the failure is logged and counted."""
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


class OutcomeConflict(Exception):
    """The prediction already has a different outcome; the message says which."""


def outcome_record(*, prediction: Prediction, earns_over_50k: bool, by: str) -> tuple[Outcome, bool]:
    """Record what truly happened to a predicted person: (outcome, created). One per
    prediction: the same value again is accepted and changes nothing; a different one
    raises OutcomeConflict, so a recorded truth is never silently rewritten."""
    outcome, created = Outcome.objects.get_or_create(
        prediction=prediction, defaults={"earns_over_50k": earns_over_50k, "recorded_by": by}
    )
    if outcome.earns_over_50k != earns_over_50k:
        said = "over" if outcome.earns_over_50k else "at most"
        raise OutcomeConflict(
            f"prediction {prediction.pk} already has an outcome (income {said} $50K, recorded "
            f"{outcome.recorded_at:%Y-%m-%d %H:%M} UTC by {outcome.recorded_by}); it cannot be changed"
        )
    return outcome, created


MAX_OUTCOMES = 10_000  # per call: one API request or one uploaded file
MAX_ID = 2**63 - 1  # prediction ids are 64-bit: a larger number cannot name one


def outcomes_record(*, items: list[tuple[int, bool]], by: str, api_key: ApiKey | None = None) -> tuple[int, int]:
    """Record many outcomes, all or none: (recorded, unchanged), each item a (prediction id,
    earns_over_50k) pair. With `api_key`, only the predictions that key made can be given
    one (any other id is "not found", as for an id that does not exist); without, any.

    The same rule as outcome_record, item by item: the value already recorded changes
    nothing, a different one is refused. Raises mlcore.RecordError listing every bad item
    by its index (nothing stored), or OutcomeConflict should another request record one of
    them at the same moment.
    """
    ids = [pk for pk, _ in items]
    rows = Prediction.objects.filter(pk__in=ids)
    found = set((rows.filter(api_key=api_key) if api_key else rows).values_list("pk", flat=True))
    known = dict(Outcome.objects.filter(prediction_id__in=ids).values_list("prediction_id", "earns_over_50k"))
    errors, new = [], {}
    for index, (pk, value) in enumerate(items):
        if pk not in found:
            errors.append({"index": index, "field": "prediction", "message": f"prediction {pk} not found"})
            continue
        said = known.get(pk, new.get(pk))
        if said is not None and said != value:
            words = "over" if said else "at most"
            message = f"prediction {pk} already has the outcome income {words} $50K; it cannot be changed"
            errors.append({"index": index, "field": "earns_over_50k", "message": message})
        elif pk not in known:
            new[pk] = value
    if errors:
        raise mlcore.RecordError(errors)
    try:
        with transaction.atomic():
            Outcome.objects.bulk_create(
                [Outcome(prediction_id=pk, earns_over_50k=value, recorded_by=by) for pk, value in new.items()]
            )
    except IntegrityError:
        raise OutcomeConflict("another request recorded some of these outcomes at once; send them again") from None
    return len(new), len(items) - len(new)


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


def api_key_issue(*, key: ApiKey) -> str:
    """Give an unsaved ApiKey its secret, save it, and return the secret (shown once)."""
    key.prefix = "cs_" + secrets.token_hex(6)
    secret = f"{key.prefix}_{secrets.token_urlsafe(32)}"
    key.key_hash = ApiKey.hash_of(secret)
    key.save()
    return secret


def api_key_create(*, name: str, scopes: list[str], by: str) -> tuple[ApiKey, str]:
    key = ApiKey(name=name, scopes=sorted(set(scopes)), created_by=by)
    return key, api_key_issue(key=key)


def api_key_revoke(*, key: ApiKey) -> None:
    ApiKey.objects.filter(pk=key.pk, revoked_at=None).update(revoked_at=timezone.now())


def api_key_touch(*, key: ApiKey) -> None:
    """Record use, at most once a minute per key: a write per request would queue every
    API call behind SQLite's one writer."""
    now = timezone.now()
    if key.last_used_at is None or now - key.last_used_at > timedelta(minutes=1):
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
        key.last_used_at = now


def outcome_correct(*, outcome: Outcome, earns_over_50k: bool, by: str) -> Outcome:
    """Correct a recorded outcome that staff found wrong: the new value, who corrected it and
    when replace the old ones, so live accuracy counts the truth. Only staff correct (the API
    and uploads keep refusing a different value); the admin's log keeps what it was."""
    outcome.earns_over_50k, outcome.recorded_by, outcome.recorded_at = earns_over_50k, by, timezone.now()
    outcome.save(update_fields=["earns_over_50k", "recorded_by", "recorded_at"])
    return outcome
