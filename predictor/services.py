"""The writes that the views, API, admin and commands share."""

import hashlib
import secrets
from datetime import timedelta

import orjson
from django.db import DEFAULT_DB_ALIAS, transaction
from django.utils import timezone

import mlcore
from mlcore.explain import compact

from .models import ApiKey, ModelVersion, Prediction
from .registry import active_predictor
from .storage import StoredBatch, predictions_insert


def model_version_activate(*, version: ModelVersion, by: str) -> ModelVersion:
    """Make `version` the one active model; the database forbids two at once.

    Raises mlcore.ArtifactError, leaving the active version as it was, when `version`
    cannot be loaded by this process.
    """
    mlcore.load(version.artifact, version.artifact_sha256, version.metadata)
    with transaction.atomic():
        # Lock every version row so that two activations at once queue instead of both
        # clearing the old flag and colliding on the one-active constraint.
        list(ModelVersion.objects.select_for_update().values_list("pk", flat=True))
        ModelVersion.objects.filter(is_active=True).exclude(pk=version.pk).update(is_active=False)
        version.is_active = True
        version.activated_at = timezone.now()
        version.activated_by = by
        version.save(update_fields=["is_active", "activated_at", "activated_by"])
    return version


def model_version_create(
    *, artifact: mlcore.Artifact, card: dict | None = None, test_scores: bytes = b""
) -> ModelVersion:
    """Store a trained version, inactive, with its model card and held-out scores (mlcore.build)."""
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
    )


Model = tuple[ModelVersion, mlcore.Predictor]


def prediction_create(*, inputs: dict, source: str, model: Model | None = None) -> Prediction:
    """Predict one record and store it. Raises RecordError."""
    model = model or active_predictor()
    stored = predictions_create(records=[inputs], source=source, model=model)
    prediction = Prediction(
        id=stored.ids[0],
        created_at=stored.created_at,
        model_version=model[0],
        inputs=stored.inputs[0],
        explanation=stored.explanations[0] and compact(stored.explanations[0]),
        probability=stored.probabilities[0],
        label=stored.labels[0],
        source=source,
    )
    # Built from the row just inserted, so mark it as loaded from the database, as the ORM would.
    prediction._state.adding, prediction._state.db = False, DEFAULT_DB_ALIAS
    return prediction


def predictions_create(
    *, records: list[dict], source: str, model: Model | None = None, api_key: ApiKey | None = None
) -> StoredBatch:
    """Predict a batch and store every row, all or none.

    `model` is the (version, predictor) pair a caller already took from the registry, so
    the form it validated and the model that answers are the same; by default, the
    active one. Raises mlcore.RecordError (nothing stored) when any record is invalid,
    and registry.NoActiveModel when no version is active.
    """
    version, predictor = model or active_predictor()
    cleaned = predictor.clean_many(records)
    probabilities, labels = predictor.predict_cleaned(cleaned)
    explanations = predictor.explanations(cleaned)
    stored_json = [None if e is None else orjson.dumps(compact(e)).decode() for e in explanations]
    now = timezone.now()
    # Predict first, then take the write lock only for the insert: on SQLite the lock
    # is database-wide.
    ids = predictions_insert(
        rows=list(zip(cleaned, stored_json, probabilities, labels, strict=True)),
        created_at=now,
        model_version_id=version.pk,
        api_key_id=api_key.pk if api_key else None,
        source=source,
    )
    return StoredBatch(ids, cleaned, explanations, probabilities, labels, version.pk, now)


API_KEY_PREFIX_LENGTH = len("cs_") + 12  # "cs_" and 6 random bytes in hex


def api_key_hash(secret: str) -> str:
    # The secret is 256 random bits, so one fast hash is as safe as a slow one and costs
    # nothing per request.
    return hashlib.sha256(secret.encode()).hexdigest()


def api_key_issue(*, key: ApiKey) -> str:
    """Give an unsaved ApiKey its secret, save it, and return the secret (shown once)."""
    key.prefix = "cs_" + secrets.token_hex(6)
    secret = f"{key.prefix}_{secrets.token_urlsafe(32)}"
    key.key_hash = api_key_hash(secret)
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
