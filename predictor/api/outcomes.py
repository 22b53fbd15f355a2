"""/api/v1/outcomes: what truly happened to many predicted people, recorded in one request.

All or nothing, as services.outcomes_record records them: one bad item and nothing is
stored. A key may record outcomes only for the predictions it made.
"""

from ninja import Router, Status
from ninja.errors import HttpError

import mlcore

from .. import services
from .auth import PREDICT, READ, ApiKeyAuth
from .body import read_json
from .outcome_schemas import OUTCOMES_BODY, OutcomesRecordedOut
from .schemas import ErrorOut

ITEM = '{"prediction": <id>, "earns_over_50k": true or false}'
ONE = '{"earns_over_50k": true} or {"earns_over_50k": false}'


# Each field with what it must be: `type(...) is int` also refuses true and false.
RULES = {
    "prediction": (lambda v: type(v) is int and 1 <= v <= services.MAX_ID, "must be a prediction's id, a whole number"),
    "earns_over_50k": (lambda v: isinstance(v, bool), "must be true or false"),
}


def _item_errors(item: object) -> list[dict]:
    if not isinstance(item, dict):
        return [{"field": "outcomes", "message": f"each item must be an object: {ITEM}"}]
    if len(item) > len(RULES) + mlcore.EXTRA_FIELDS:  # refused whole: one error, not one per key
        return [{"field": "outcomes", "message": f"has {len(item)} fields; send {ITEM}"}]
    errors = [{"field": name, "message": f"is not allowed; send {ITEM}"} for name in item if name not in RULES]
    for name, (fits, rule) in RULES.items():
        if name not in item:
            errors.append({"field": name, "message": f"is required: {ITEM}"})
        elif not fits(item[name]):
            errors.append({"field": name, "message": rule})
    return errors


def outcome_value(body: object) -> bool:
    """earns_over_50k from one outcome's parsed body: 400 for a body that is no object,
    mlcore.RecordError naming each field that is not allowed, and the value if it is wrong."""
    if not isinstance(body, dict):
        raise HttpError(400, f"the body must be a JSON object: {ONE}")
    beside = (name for name in body if name != "earns_over_50k")
    errors = [{"field": name, "message": "is not allowed; send only earns_over_50k"} for name in beside]
    if not isinstance(body.get("earns_over_50k"), bool):
        errors.append({"field": "earns_over_50k", "message": f"must be true or false: send exactly {ONE}"})
    if errors:
        raise mlcore.RecordError(errors)
    return body["earns_over_50k"]


def outcome_items(body: object) -> list[tuple[int, bool]]:
    """(prediction id, earns_over_50k) pairs from a parsed body; mlcore.RecordError naming
    every item of the wrong shape by its index, or 400 / 413 for the body as a whole."""
    if not isinstance(body, dict):
        raise HttpError(400, f'the body must be a JSON object: {{"outcomes": [{ITEM}, ...]}}')
    beside = [{"field": name, "message": "is not allowed beside outcomes"} for name in body if name != "outcomes"]
    if beside:
        raise mlcore.RecordError(beside)
    outcomes = body.get("outcomes")
    if not isinstance(outcomes, list) or not outcomes:
        raise mlcore.RecordError([{"field": "outcomes", "message": f"must be a non-empty list of {ITEM}"}])
    if len(outcomes) > services.MAX_OUTCOMES:
        raise HttpError(413, f"outcomes has {len(outcomes)} items; the limit is {services.MAX_OUTCOMES} per request")
    errors = [{"index": index, **e} for index, item in enumerate(outcomes) for e in _item_errors(item)]
    if errors:
        raise mlcore.RecordError(errors)
    return [(item["prediction"], item["earns_over_50k"]) for item in outcomes]


router = Router(tags=["outcomes"])


@router.post(
    "",
    auth=ApiKeyAuth(PREDICT, READ),
    response={(200, 201): OutcomesRecordedOut, (400, 401, 403, 409, 413, 415, 422, 429): ErrorOut},
    openapi_extra={"requestBody": OUTCOMES_BODY},
    summary="Record what truly happened to many predicted people",
)
def outcomes_create(request):
    """Needs a key with the `predict` or the `read` scope, and takes outcomes only for the
    predictions that key made. Up to 10,000 items, all or nothing: a 422 names each bad item
    by its `index` (a wrong shape; a prediction this key did not make, "not found"; an
    outcome other than the one already recorded) and stores nothing. An item whose
    prediction already has that very outcome counts as `unchanged`: 201 when any was
    recorded, 200 when every one was already (as the single outcome's endpoint answers)."""
    items = outcome_items(read_json(request, shape='{"outcomes": [...]}'))
    try:
        recorded, unchanged = services.outcomes_record(
            items=items, by=f"key {request.auth.prefix}", api_key=request.auth
        )
    except services.OutcomeConflict as error:  # another request recorded one of them meanwhile
        raise HttpError(409, str(error)) from None
    return Status(201 if recorded else 200, {"recorded": recorded, "unchanged": unchanged})
