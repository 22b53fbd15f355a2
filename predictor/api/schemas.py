"""The shapes the JSON API answers with, and the request body it documents.

Allowed categories and ranges belong to whichever model is active, so the request schema
only states each feature's JSON type; the values are checked by mlcore, as for the form.
"""

from datetime import datetime
from typing import Literal

from ninja import Field, Schema

import mlcore
from mlcore.dataset import NEGATIVE, POSITIVE
from mlcore.schema import INTEGER

MAX_BATCH = 10_000


class FieldError(Schema):
    index: int | None = Field(None, description="Position of the record in `instances` (batches only).")
    field: str
    message: str


class ErrorOut(Schema):
    detail: str
    errors: list[FieldError] = Field(default_factory=list, description="One entry per bad field.")


class PredictionOut(Schema):
    id: int
    probability: float = Field(ge=0, le=1, description="P(income > $50K).")
    label: bool = Field(description="True when the model says income is over $50K.")
    label_text: Literal[">50K", "<=50K"]
    model_version: int
    created_at: datetime

    @staticmethod
    def resolve_model_version(obj) -> int:
        return obj.model_version_id

    @staticmethod
    def resolve_label_text(obj) -> str:
        return POSITIVE if obj.label else NEGATIVE


class StoredPredictionOut(PredictionOut):
    inputs: dict[str, str | int | float]
    source: Literal["web", "api"]

    @staticmethod
    def resolve_inputs(obj) -> dict:
        return mlcore.in_feature_order(obj.inputs)


class BatchOut(Schema):
    predictions: list[PredictionOut]


class FeatureOut(Schema):
    name: str
    kind: Literal["category", "integer"]
    label: str
    help: str
    default: str | int | None
    categories: list[str] | None = Field(None, description="Allowed values (categories only).")
    minimum: int | None = Field(None, description="Smallest allowed value (integers only).")
    maximum: int | None = Field(None, description="Largest allowed value (integers only).")


class ModelOut(Schema):
    id: int
    algorithm: str
    preset: str
    trained_at: datetime
    activated_at: datetime | None
    sklearn_version: str
    threshold: float = Field(description="`label` is true when `probability` is at least this.")
    metrics: dict[str, float | int] = Field(description="Scores on the held-out UCI test split.")
    features: list[FeatureOut] = Field(description="The input schema: every field a record must have.")


def _feature_schema(feature: mlcore.Feature) -> dict:
    kind = {"type": "integer"} if feature.kind == INTEGER else {"type": "string"}
    return {**kind, "title": feature.label, "description": feature.help}


RECORD_SCHEMA = {
    "title": "Record",
    "type": "object",
    "description": "One person. Send exactly the active model's features (GET /api/v1/model lists them, "
    "with allowed categories and ranges); any other field is refused.",
    "properties": {name: _feature_schema(feature) for name, feature in mlcore.FEATURES.items()},
    "additionalProperties": False,
}
BATCH_SCHEMA = {
    "title": "Batch",
    "type": "object",
    "properties": {"instances": {"type": "array", "items": RECORD_SCHEMA, "minItems": 1, "maxItems": MAX_BATCH}},
    "required": ["instances"],
    "additionalProperties": False,
}
EXAMPLE_RECORD = {
    "age": 39,
    "workclass": "State-gov",
    "education": "Bachelors",
    "marital_status": "Never-married",
    "race": "White",
    "sex": "Male",
    "hours_per_week": 40,
}
EXAMPLE_BATCH = {"instances": [EXAMPLE_RECORD, {**EXAMPLE_RECORD, "age": 52, "education": "Masters"}]}
PREDICTION_BODY = {
    "required": True,
    "content": {
        "application/json": {
            "schema": {"oneOf": [RECORD_SCHEMA, BATCH_SCHEMA]},
            "examples": {
                "record": {"summary": "One record", "value": EXAMPLE_RECORD},
                "batch": {"summary": "A batch", "value": EXAMPLE_BATCH},
            },
        }
    },
}
