"""Every read the page, the API and the admin share, or that holds a rule worth naming."""

import hmac
from typing import NamedTuple

import mlcore

from .models import ApiKey, ModelVersion, Prediction
from .registry import ActiveModel, active_model


def api_key_find(secret: str) -> ApiKey | None:
    """The live key whose secret this is, or None (unknown, malformed or revoked)."""
    prefix, rest = secret[: ApiKey.PREFIX_LENGTH], secret[ApiKey.PREFIX_LENGTH :]
    if not prefix.startswith("cs_") or len(rest) < 2 or rest[0] != "_":
        return None
    key = ApiKey.objects.filter(prefix=prefix, revoked_at=None).first()
    # Compare in constant time, so response timing says nothing about how much matched.
    if key is None or not hmac.compare_digest(key.key_hash, ApiKey.hash_of(secret)):
        return None
    return key


def prediction_for_result(*, id: int | None) -> Prediction | None:
    """The row a signed result link names (the signature already proved who may see it)."""
    return Prediction.objects.select_related("model_version").filter(pk=id).first() if id else None


class PredictionPreview(NamedTuple):
    """An answer computed and shown, never stored: what the page shows on arrival."""

    inputs: dict
    probability: float
    label: bool
    explanation: dict | None  # full form (mlcore.expand's); None for a model without one


def prediction_preview(*, model: ActiveModel) -> PredictionPreview:
    """The answer for the form's starting person (each input's default, as the form shows
    it), worked out by `model` and not stored: no row, and nothing counted."""
    predictor = model.predictor
    rows = predictor.clean_many([{f.name: f.default for f in predictor.schema.features}])
    probabilities, labels = predictor.predict_cleaned(rows)
    return PredictionPreview(rows[0], probabilities[0], labels[0], predictor.explanations(rows)[0])


def prediction_get(*, id: int, api_key: ApiKey) -> Prediction | None:
    """A stored prediction, only if `api_key` made it: other ids look like missing ones."""
    return Prediction.objects.filter(pk=id, api_key=api_key).first()


def model_describe() -> dict:
    """The active model: which version answers, how it scored, and its inputs.

    Raises registry.ModelUnavailable when no model can answer.
    """
    model = active_model()
    version = model.version
    return {
        "id": version.pk,
        "algorithm": version.algorithm,
        "preset": version.preset,
        "trained_at": version.metadata["trained_at"],
        "activated_at": version.activated_at,
        "sklearn_version": version.metadata["sklearn_version"],
        "threshold": mlcore.THRESHOLD,
        "metrics": version.metrics,
        "features": [feature.as_dict() for feature in model.predictor.schema.features],
        "card": version.card or None,  # versions trained before cards existed have none
    }


def model_card_get(*, id: int | None = None) -> ModelVersion | None:
    """The version whose card to show: `id`, or the active one; None when there is none.

    The card is stored data, so it is shown even when this process cannot load the model.
    """
    versions = ModelVersion.objects.all()  # the default manager leaves the bytes behind
    return versions.filter(pk=id).first() if id is not None else versions.filter(is_active=True).first()


def model_threshold_get(*, version: ModelVersion, threshold: float) -> dict | None:
    """The confusion matrix and rates at `threshold` on the version's held-out test scores
    (mlcore.at_threshold); None for a version that stored none."""
    data = ModelVersion.objects.filter(pk=version.pk).values_list("test_scores", flat=True).first()
    if not data:
        return None
    y, p = mlcore.unpack_scores(bytes(data))  # PostgreSQL hands back a memoryview
    return mlcore.at_threshold(y, p, threshold)


def model_versions_compare() -> list[dict]:
    """Every version's headline figures, newest first, without loading any card or artifact."""
    labels = dict(ModelVersion.Algorithm.choices)
    rows = ModelVersion.objects.values("id", "created_at", "algorithm", "preset", "metrics", "is_active")
    return [{**row, "algorithm_label": labels.get(row["algorithm"], row["algorithm"])} for row in rows]
