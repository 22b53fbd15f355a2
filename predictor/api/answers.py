"""Prediction answers written as JSON directly, in the shape `schemas.PredictionOut` documents.

Ninja would validate every row of a batch against the schema on its way out: a quarter
of a 10,000-record request, for rows this code has just built itself. The schema still
documents the answer, and the API tests check the answers against it.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse

from mlcore.dataset import NEGATIVE, POSITIVE

from ..storage import StoredPrediction


def stored_answers(rows: list[StoredPrediction]) -> list[dict]:
    """The API's view of stored rows; one batch shares one time, written once."""
    times = {}
    answers = []
    for row in rows:
        if row.created_at not in times:  # written as ninja writes it (Django's JSON encoder)
            times[row.created_at] = DjangoJSONEncoder().default(row.created_at)
        answers.append(
            {
                "id": row.id,
                "probability": row.probability,
                "label": row.label,
                "label_text": POSITIVE if row.label else NEGATIVE,
                "model_version": row.model_version_id,
                "created_at": times[row.created_at],
            }
        )
    return answers


def json_response(status: int, data: dict) -> HttpResponse:
    return HttpResponse(json.dumps(data), status=status, content_type="application/json; charset=utf-8")
