"""Every write the page, the API, the admin, the commands and the batch worker share, one
module per thing written; transports import them from here."""

from .batch_texts import predictions_create_texts
from .keys import api_key_create, api_key_issue, api_key_revoke, api_key_touch
from .outcomes import MAX_ID, MAX_OUTCOMES, OutcomeConflict, outcome_correct, outcome_record, outcomes_record
from .predictions import (
    SHADOW_CHUNK,
    prediction_create,
    predictions_create,
    predictions_prune,
    shadow_score_pending,
)
from .versions import (
    ShadowRefused,
    model_version_activate,
    model_version_create,
    model_version_shadow,
    shadow_clear,
    shadow_promote,
)

__all__ = [
    "api_key_create",
    "api_key_issue",
    "api_key_revoke",
    "api_key_touch",
    "MAX_ID",
    "MAX_OUTCOMES",
    "OutcomeConflict",
    "outcome_correct",
    "outcome_record",
    "outcomes_record",
    "prediction_create",
    "predictions_create",
    "predictions_create_texts",
    "predictions_prune",
    "SHADOW_CHUNK",
    "shadow_score_pending",
    "ShadowRefused",
    "model_version_activate",
    "model_version_create",
    "model_version_shadow",
    "shadow_clear",
    "shadow_promote",
]
