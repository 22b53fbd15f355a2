"""The JSON API's outcome shapes: what it answers when an outcome is recorded, and the
bodies it documents for one outcome and for many."""

from datetime import datetime

from ninja import Field, Schema

from .. import services


class OutcomeOut(Schema):
    prediction: int
    earns_over_50k: bool
    recorded_at: datetime
    recorded_by: str = Field(description='Who recorded it: "key <prefix>" or "staff <user name>".')

    @staticmethod
    def resolve_prediction(obj) -> int:
        return obj.prediction_id


OUTCOME_BODY = {
    "required": True,
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "properties": {"earns_over_50k": {"type": "boolean"}},
                "required": ["earns_over_50k"],
                "additionalProperties": False,
            },
            "example": {"earns_over_50k": True},
        }
    },
}


# Outcomes in bulk: POST /api/v1/outcomes (its limits are the service's, shared with the admin).
MAX_OUTCOMES, MAX_ID = services.MAX_OUTCOMES, services.MAX_ID


class OutcomesRecordedOut(Schema):
    recorded: int = Field(ge=0, description="Outcomes this request stored.")
    unchanged: int = Field(ge=0, description="Items whose prediction already had that very outcome.")


OUTCOME_ITEM_SCHEMA = {
    "title": "OutcomeItem",
    "type": "object",
    "properties": {
        "prediction": {
            "type": "integer",
            "minimum": 1,
            "maximum": MAX_ID,
            "description": "The `id` this key's prediction was answered with.",
        },
        "earns_over_50k": {"type": "boolean", "description": "What truly happened."},
    },
    "required": ["prediction", "earns_over_50k"],
    "additionalProperties": False,
}
OUTCOMES_BODY = {
    "required": True,
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "properties": {
                    "outcomes": {"type": "array", "items": OUTCOME_ITEM_SCHEMA, "minItems": 1, "maxItems": MAX_OUTCOMES}
                },
                "required": ["outcomes"],
                "additionalProperties": False,
            },
            "example": {
                "outcomes": [{"prediction": 2, "earns_over_50k": False}, {"prediction": 3, "earns_over_50k": True}]
            },
        }
    },
}
