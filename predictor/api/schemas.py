"""The shapes the JSON API answers with, and the request body it documents.

Allowed categories and ranges belong to whichever model is active, so the request schema
only states each feature's JSON type; the values are checked by mlcore, as for the form.
"""

from datetime import datetime
from typing import Literal

from ninja import Field, Schema

import mlcore

MAX_INSTANCES = 10_000


class FieldError(Schema):
    index: int | None = Field(None, description="Position of the item in `instances` or `outcomes` (lists only).")
    field: str
    message: str


class ErrorOut(Schema):
    detail: str
    errors: list[FieldError] = Field(default_factory=list, description="One entry per bad field.")


class ContributionOut(Schema):
    feature: str
    value: str | int | float | None = Field(description="The input as stored (cleaned).")
    contribution: float = Field(description="This input's share of the log-odds, against the average person.")


class ExplanationOut(Schema):
    """Exact for both kinds of model: base + the sum of the contributions is the log-odds,
    logit(probability). The base is the log-odds of the training data's average person."""

    base: float = Field(description="The average training person's log-odds (not a probability).")
    contributions: list[ContributionOut] = Field(description="One entry per input, in the inputs' order.")
    method: Literal["linear", "tree_shap"] = Field(
        description="`linear`: each input's term of a logistic model against its training average. `tree_shap`: "
        "exact Shapley values of a tree model (TreeSHAP, path-dependent), summed over an input's encoded columns."
    )


class AnswerOut(Schema):
    """One prediction as stored and answered; `PredictionOut` adds what would change it."""

    id: int
    probability: float = Field(ge=0, le=1, description="P(income > $50K).")
    label: bool = Field(description="True when the model says income is over $50K.")
    label_text: Literal[">50K", "<=50K"]
    model_version: int
    created_at: datetime
    explanation: ExplanationOut | None = Field(
        description=(
            "Why, on the log-odds scale; null for a model it cannot explain "
            "(an 'hgb' version trained before tree explanations)."
        )
    )

    @staticmethod
    def resolve_explanation(obj) -> dict | None:
        return None if obj.explanation is None else mlcore.expand(obj.explanation, obj.inputs)

    @staticmethod
    def resolve_model_version(obj) -> int:
        return obj.model_version_id

    @staticmethod
    def resolve_label_text(obj) -> str:
        return mlcore.label_text(obj.label)


class RecourseOut(Schema):
    """One change the person could make, and the model's answer for them if they did."""

    feature: str = Field(description="The input to change: `hours_per_week`, `education` or `workclass`.")
    from_: str | int = Field(alias="from", description="The input as sent (cleaned).")
    to: str | int = Field(description="The value it would change to.")
    probability: float = Field(ge=0, le=1, description="The model's P(income > $50K) with that one change.")


class PredictionOut(AnswerOut):
    recourse: list[RecourseOut] = Field(
        description="Single changes a person could make (hours within the middle 95% of the training data, "
        "education only upward, no employer type of no pay) that carry the answer across 50%: below it, each "
        "input's smallest such change, nearest to 50% first; above it, only the nearest, the risk of falling "
        "below. The page's suggestions, in its order. Empty when none would, and for a model that is not "
        "linear ('hgb')."
    )


class ShadowAnswerOut(Schema):
    model_version: int = Field(description="The shadow version that scored the same inputs.")
    probability: float = Field(ge=0, le=1, description="Its P(income > $50K); never shown to the person.")
    label: bool = Field(description="True when the shadow says income is over $50K.")


class StoredPredictionOut(AnswerOut):
    inputs: dict[str, str | int | float]
    source: Literal["web", "api"]
    shadow: ShadowAnswerOut | None = Field(
        description="The shadow version's answer for these inputs, when one was set (docs/retraining.md); else null."
    )

    @staticmethod
    def resolve_inputs(obj) -> dict:
        return mlcore.in_schema_order(obj.inputs)

    @staticmethod
    def resolve_shadow(obj) -> dict | None:
        if obj.shadow_probability is None:
            return None
        return {
            "model_version": obj.shadow_version_id,
            "probability": obj.shadow_probability,
            "label": obj.shadow_label,
        }


class InstancesOut(Schema):
    predictions: list[AnswerOut]


EXAMPLE_RECORD = {
    "age": 39,
    "workclass": "State-gov",
    "education": "Bachelors",
    "marital_status": "Never-married",
    "race": "White",
    "sex": "Male",
    "hours_per_week": 40,
}
EXAMPLE_INSTANCES = {"instances": [EXAMPLE_RECORD, {**EXAMPLE_RECORD, "age": 52, "education": "Masters"}]}
PREDICTION_BODY = {
    "required": True,
    "content": {
        "application/json": {
            # Components that document.py writes for the active model: one Record for both.
            "schema": {
                "oneOf": [{"$ref": "#/components/schemas/Record"}, {"$ref": "#/components/schemas/InstancesBody"}]
            },
            "examples": {
                "record": {"summary": "One record", "value": EXAMPLE_RECORD},
                "instances": {"summary": "Several records", "value": EXAMPLE_INSTANCES},
            },
        }
    },
}
