"""The model card's shape, typed to its leaves, as GET /api/v1/model answers it.

The card is built once at retrain (mlcore/report.py) and stored; these classes describe it
so a generated client gets a class per part instead of loose dictionaries. A figure that
cannot be estimated (an empty bin, a group too small, a card from before a field existed)
is null. Rates are fractions from 0 to 1.
"""

from typing import Literal

from ninja import Field, Schema
from pydantic import ConfigDict

from .fairness_schemas import FairnessOut

Number = float | None


class MetricsOut(Schema):
    roc_auc: float = Field(ge=0, le=1)
    accuracy: float = Field(ge=0, le=1)
    log_loss: float = Field(ge=0)
    brier: float = Field(ge=0, le=1)
    base_rate: float = Field(ge=0, le=1, description="The share of held-out people over $50K.")
    rows_test: int = Field(ge=0)
    rows_train: int = Field(ge=0)
    threshold: float = Field(ge=0, le=1, description="`label` is true at or above this probability.")


class BaselineOut(Schema):
    name: str
    predicts: Literal[">50K", "<=50K"]
    probability: float = Field(ge=0, le=1)
    roc_auc: float
    accuracy: float
    log_loss: float
    brier: float


class PublishedOut(Schema):
    model: str
    source: str
    roc_auc: Number = Field(None, description="A single published figure, when there is one.")
    roc_auc_low: Number = Field(None, description="The low end of a published range.")
    roc_auc_high: Number = Field(None, description="The high end of a published range.")


class RocPoint(Schema):
    fpr: float
    tpr: float
    threshold: Number


class PrPoint(Schema):
    recall: float
    precision: float
    threshold: Number


class CurvesOut(Schema):
    roc: list[RocPoint]
    pr: list[PrPoint]
    roc_auc: float
    average_precision: float


class CalibrationBin(Schema):
    low: float
    high: float
    n: int = Field(ge=0)
    predicted: Number = Field(description="The bin's average probability; null when it is empty.")
    observed: Number = Field(description="The bin's share over $50K; null when it is empty.")


class CalibrationOut(Schema):
    bins: list[CalibrationBin]
    ece: float = Field(ge=0, description="Expected calibration error.")


class ImportanceItem(Schema):
    feature: str
    feature_label: str
    value: str | int | None = Field(None, description="The category compared (odds ratios of categories only).")
    value_label: str | None = None
    odds_ratio: Number = Field(None, description="Logistic models: the odds against `compared_with`.")
    compared_with: str | None = None
    importance: Number = Field(None, description="Trees: the drop in ROC AUC when the input is shuffled.")
    std: Number = None


class ImportanceOut(Schema):
    kind: Literal["odds_ratio", "permutation"]
    items: list[ImportanceItem]
    cost_seconds: Number = Field(None, description="Permutation importance only: how long it took.")
    rows: int | None = Field(None, description="Permutation importance only: the rows shuffled.")


class SplitCounts(Schema):
    train: dict[str, int]
    test: dict[str, int]


class SplitTexts(Schema):
    train: str
    test: str


class TrainingOut(Schema):
    algorithm: Literal["logreg", "hgb"]
    preset: str
    features: list[str]
    rows_train: int
    rows_test: int
    missing: SplitCounts = Field(description="Blank answers per input, in each file.")
    data_sha256: SplitTexts
    data_files: SplitTexts | None = Field(None, description="The files' names; null for cards made before.")
    sklearn_version: str
    trained_at: str


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
    """The model card built at retrain, as stored."""

    # Passed on as stored: a key a later card adds reaches clients without a schema change.
    model_config = ConfigDict(extra="allow")

    metrics: MetricsOut = Field(description="Held-out scores and the threshold they assume.")
    baseline: BaselineOut = Field(description="The majority-class model, scored alike.")
    published: list[PublishedOut] = Field(description="Published figures for this data, with sources.")
    curves: CurvesOut
    calibration: CalibrationOut
    confusion: ConfusionOut = Field(description="Counts and rates at the threshold in `metrics`.")
    importance: ImportanceOut = Field(description="Odds ratios (logistic) or permutation importance (trees).")
    training: TrainingOut
    fairness: FairnessOut = Field(description="Per-group rates by sex and race, the gaps in words, the flip tests.")
    limitations: list[str]
