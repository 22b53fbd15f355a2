"""Read a prediction request's body into records, refusing anything malformed early.

The body is read here rather than by ninja's parser so that our own size limit applies
(10,000 full-preset instances is about 3 MB, over Django's 2.5 MB form default,
which only `request.body` enforces) and so that JSON's non-standard NaN and Infinity,
which Python's json module accepts, are refused instead of reaching the model.
"""

import json

from django.http import HttpRequest
from ninja.errors import HttpError

import mlcore

from .schemas import MAX_INSTANCES

MAX_BODY_BYTES = 8_000_000
# A few fields sent beside instances are each named; past this many the body is refused in
# one error, as a record with far more fields than the model takes is (mlcore.validate).
FIELDS_BESIDE = 8


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not a JSON number; send a finite number")


def read_json(request: HttpRequest, shape: str = 'one record or {"instances": [...]}') -> object:
    """The parsed body; 415, 413 or 400 with a reason when it cannot be one (an empty body
    is told to send `shape`, what the route takes)."""
    # The media type comes first, so that any body not declared as JSON, even an empty one, is a 415.
    if request.content_type != "application/json":
        raise HttpError(415, "send the body as JSON with the header Content-Type: application/json")
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > MAX_BODY_BYTES:
        raise HttpError(413, f"the body is {declared} bytes; the limit is {MAX_BODY_BYTES} bytes")
    data = request.read(MAX_BODY_BYTES + 1)
    if len(data) > MAX_BODY_BYTES:
        raise HttpError(413, f"the body is longer than allowed; the limit is {MAX_BODY_BYTES} bytes")
    if not data.strip():
        raise HttpError(400, f"the body is empty; send {shape} as a JSON object")
    try:
        return json.loads(data, parse_constant=_refuse_constant)
    except RecursionError:
        raise HttpError(400, "the body is not valid JSON: it nests too deeply") from None
    except ValueError as error:  # also covers bad UTF-8 and over-long integers
        raise HttpError(400, f"the body is not valid JSON: {error}") from None


def records_of(body: object) -> tuple[list, bool]:
    """(records, several) from a parsed body: one record, or {"instances": [...]}."""
    if not isinstance(body, dict):
        raise HttpError(400, 'the body must be a JSON object: one record, or {"instances": [...]}')
    if "instances" not in body:
        return [body], False
    instances = body["instances"]
    beside = [name for name in body if name != "instances"]
    if len(beside) > FIELDS_BESIDE:
        message = f"has {len(beside)} fields beside instances; send instances alone"
        raise mlcore.RecordError([{"field": "(body)", "message": message}])
    if beside:
        raise mlcore.RecordError([{"field": name, "message": "is not allowed beside instances"} for name in beside])
    if not isinstance(instances, list) or not instances:
        raise mlcore.RecordError([{"field": "instances", "message": "must be a non-empty list of records"}])
    if len(instances) > MAX_INSTANCES:
        message = f"instances has {len(instances)} records; the limit is {MAX_INSTANCES} per request"
        raise HttpError(413, message)
    return instances, True
