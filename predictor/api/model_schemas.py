"""The shapes GET /api/v1/model answers with: the active model, its inputs and its card."""

from datetime import datetime
from typing import Literal

from ninja import Field, Schema

from .card_schemas import CardOut


class FeatureOut(Schema):
    name: str
    kind: Literal["category", "integer"]
    label: str
    help: str
    default: str | int | None
    categories: list[str] | None = Field(None, description="Allowed values (categories only).")
    minimum: int | None = Field(None, description="Smallest allowed value (integers only).")
    maximum: int | None = Field(None, description="Largest allowed value (integers only).")
    plausible_minimum: int | None = Field(
        None, description="Lowest value advice may suggest: the middle 95% of training (integers only)."
    )
    plausible_maximum: int | None = Field(
        None, description="Highest value advice may suggest: the middle 95% of training (integers only)."
    )


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
