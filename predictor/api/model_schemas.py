"""The shapes GET /api/v1/model answers with: the active model, its inputs and its card."""

from datetime import datetime
from typing import Literal

from ninja import Field, Schema
from pydantic import ConfigDict


class FeatureOut(Schema):
    name: str
    kind: Literal["category", "integer"]
    label: str
    help: str
    default: str | int | None
    categories: list[str] | None = Field(None, description="Allowed values (categories only).")
    minimum: int | None = Field(None, description="Smallest allowed value (integers only).")
    maximum: int | None = Field(None, description="Largest allowed value (integers only).")


class ConfusionOut(Schema):
    threshold: float = Field(ge=0, le=1)
    tp: int = Field(ge=0, description="Predicted over $50K, and were.")
    fp: int = Field(ge=0, description="Predicted over $50K, but were not.")
    tn: int = Field(ge=0, description="Predicted $50K or less, and were.")
    fn: int = Field(ge=0, description="Predicted $50K or less, but earned more.")
    accuracy: float | None = Field(ge=0, le=1)
    precision: float | None = Field(ge=0, le=1, description="Null when no one is predicted over $50K.")
    recall: float | None = Field(ge=0, le=1, description="Null when no one earned over $50K.")
    selection_rate: float | None = Field(ge=0, le=1)


class CardOut(Schema):
    """The model card built at retrain, as stored. Rates are fractions from 0 to 1; a figure that
    cannot be estimated (an empty bin, a group too small) is null."""

    # Passed on as stored: a key a later card adds reaches clients without a schema change.
    model_config = ConfigDict(extra="allow")

    metrics: dict[str, float | int | None] = Field(description="Held-out scores and the threshold they assume.")
    baseline: dict[str, str | float | int | None] = Field(description="The majority-class model, scored alike.")
    published: list[dict[str, str | float | None]] = Field(description="Published figures for this data, with sources.")
    curves: dict = Field(description="`roc` and `pr` points for drawing, `roc_auc`, `average_precision`.")
    calibration: dict = Field(description="`bins` of predicted against observed rates, and `ece`.")
    confusion: ConfusionOut = Field(description="Counts and rates at the threshold in `metrics`.")
    importance: dict = Field(description="`kind` odds_ratio (logistic) or permutation (trees), and `items`.")
    training: dict = Field(description="Algorithm, preset, features, rows, missing values, files, checksums, versions.")
    fairness: dict = Field(description="Per-group rates by `sex` and `race`, a `summary` and the `flip` tests.")
    limitations: list[str]


class ModelOut(Schema):
    id: int
    algorithm: str
    preset: str
    trained_at: datetime
    activated_at: datetime | None
    sklearn_version: str
    threshold: float = Field(description="`label` is true when `probability` is at least this.")
    metrics: dict[str, float | int] = Field(description="Scores on the held-out file in `card.training.data_files`.")
    features: list[FeatureOut] = Field(description="The input schema: every field a record must have.")
    card: CardOut | None = Field(description="The model card; null for a version trained before cards existed.")
