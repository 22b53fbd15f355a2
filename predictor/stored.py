"""What storing returns and takes: stored rows column by column, one stored prediction as
the page shows it, and the mark that queues rows for the shadow version."""

from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from .models import ModelVersion


class StoredRows(NamedTuple):
    """Stored rows as the API and the page answer them, column by column: a model instance
    per row would cost more than storing it."""

    ids: list[int]
    inputs: list[dict]  # as stored: cleaned, numbers as int
    explanations: list[dict | None]  # as answered (mlcore.explain); stored compacted
    probabilities: list[float]
    labels: list[bool]
    model_version_id: int
    created_at: datetime


class ShadowMark(NamedTuple):
    """Rows being stored are to be scored by this shadow version (services.shadow_score_pending)."""

    version_id: int


@dataclass(frozen=True, slots=True)
class StoredPrediction:
    """One row just stored, as the page shows it: built from what was inserted, never read
    back, and carrying the explanation in its full form (the row holds the compact one)."""

    id: int
    created_at: datetime
    model_version: ModelVersion
    inputs: dict
    explanation: dict | None
    probability: float
    label: bool
    source: str
