"""/api/v1/predictions: predict and store, and read back what a key stored."""

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from ninja import Router, Status
from ninja.errors import AuthenticationError, HttpError

import mlcore

from .. import selectors, services
from ..models import Prediction
from ..registry import active_model
from ..storage_batch import StoredTexts
from .answers import json_response, recourse_answers, stored_answers
from .auth import PREDICT, READ, ApiKeyAuth, caller_key
from .body import read_json, records_of
from .outcome_schemas import OUTCOME_BODY, OutcomeOut
from .outcomes import outcome_value
from .schemas import PREDICTION_BODY, ErrorOut, InstancesOut, PredictionOut, StoredPredictionOut

router = Router(tags=["predictions"])
API = Prediction.Source.API
# `label` and `label_text` of an answer, as JSON, by label.
LABELS = {
    True: f'true,"label_text":"{mlcore.label_text(True)}"',
    False: f'false,"label_text":"{mlcore.label_text(False)}"',
}


def batch_response(stored: StoredTexts) -> HttpResponse:
    """201 with `InstancesOut`, written as text: the explanations come as text already, and
    a dict per answer would cost more than the rest of writing it (answers.py's reasons)."""
    # The time written as ninja writes one (Django's JSON encoder), once: the rows share it.
    shared = (
        f'"model_version":{stored.model_version_id},"created_at":"{DjangoJSONEncoder().default(stored.created_at)}"'
    )
    answers = ",".join(
        f'{{"id":{pk},"probability":{p!r},"label":{LABELS[label]},{shared},"explanation":{explained}}}'
        for pk, p, label, explained in zip(
            stored.ids, stored.probabilities, stored.labels, stored.explanations, strict=True
        )
    )
    return HttpResponse(f'{{"predictions":[{answers}]}}', status=201, content_type="application/json; charset=utf-8")


@router.post(
    "",
    auth=ApiKeyAuth(PREDICT, anonymous=True),
    response={201: PredictionOut | InstancesOut, (400, 401, 403, 413, 415, 422, 429, 503): ErrorOut},
    # The key is optional here (single records need none): ninja adds this `{}`, OpenAPI's
    # "or no auth", to the bearer requirement it writes itself.
    openapi_extra={"requestBody": PREDICTION_BODY, "security": [{}]},
    summary="Predict and store one record or several",
    by_alias=True,  # RecourseOut's `from`, a Python keyword, is written by its alias
)
def prediction_create(request):
    """One record answers one prediction, with or without a key, and with `recourse`: what
    single change the person could make would carry the answer across 50%. `{"instances":
    [...]}` (up to 10,000) needs a key with the `predict` scope and answers in the same
    order. A request with any invalid record stores nothing."""
    records, several = records_of(read_json(request))
    key = caller_key(request)
    if several and key is None:
        raise AuthenticationError(
            401, "instances need an API key with the 'predict' scope: Authorization: Bearer <key>"
        )
    model = active_model()  # one model validates, answers and suggests
    if several and (
        answered := services.predictions_create_texts(
            records=records, source=API, model=model, api_key=key, answer=batch_response
        )
    ):
        return answered
    try:
        stored = services.predictions_create(records=records, source=API, api_key=key, model=model)
    except mlcore.RecordError as error:
        if several:
            raise
        raise mlcore.RecordError([{k: v for k, v in e.items() if k != "index"} for e in error.errors]) from None
    answers = stored_answers(stored)
    if several:
        return json_response(201, {"predictions": answers})
    recourse = recourse_answers(model.predictor.what_would_change(stored.inputs[0]))
    return json_response(201, {**answers[0], "recourse": recourse})


@router.get(
    "/{id}",
    auth=ApiKeyAuth(READ),
    response={200: StoredPredictionOut, (401, 403, 404, 422, 429): ErrorOut},
    summary="A prediction this key made",
)
def prediction_detail(request, id: int):
    """Needs a key with the `read` scope, and answers only predictions that key made: any
    other id is a 404, so ids say nothing about other callers' rows."""
    prediction = selectors.prediction_get(id=id, api_key=request.auth)
    if prediction is None:
        raise HttpError(404, f"this key made no prediction with id {id}")
    return prediction


@router.post(
    "/{id}/outcome",
    auth=ApiKeyAuth(PREDICT, READ),
    response={(200, 201): OutcomeOut, (400, 401, 403, 404, 409, 413, 415, 422, 429): ErrorOut},
    openapi_extra={"requestBody": OUTCOME_BODY},
    summary="Record what truly happened to a predicted person",
)
def outcome_create(request, id: int):
    """By the key that made the prediction, with the `predict` or the `read` scope as for
    outcomes in bulk (any other id is a 404): `{"earns_over_50k": true}`. One outcome per
    prediction: 201 when recorded, 200 when the same one was already, 409 when a different
    one was."""
    prediction = selectors.prediction_get(id=id, api_key=request.auth)
    if prediction is None:
        raise HttpError(404, f"this key made no prediction with id {id}")
    earns_over_50k = outcome_value(read_json(request, shape='{"earns_over_50k": true or false}'))
    try:
        outcome, created = services.outcome_record(
            prediction=prediction, earns_over_50k=earns_over_50k, by=f"key {request.auth.prefix}"
        )
    except services.OutcomeConflict as error:
        raise HttpError(409, str(error)) from None
    return Status(201 if created else 200, outcome)
