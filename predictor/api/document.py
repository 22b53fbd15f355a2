"""The OpenAPI document as a client generator needs it, finished after ninja writes it.

Ninja documents what the code declares; these parts come from elsewhere: the record's
fields, which belong to whichever model is active (its categories as `enum`, its ranges,
every field `required`), written once as the `Record` component that a single record and
`instances` both use; the headers every answer carries; `security: []` on the operations
anyone may call; the licence. The document is written per request of /api/v1/openapi.json,
so it follows the model an operator activates.
"""

import mlcore

RECORD_REF = {"$ref": "#/components/schemas/Record"}
INSTANCES_REF = {"$ref": "#/components/schemas/InstancesBody"}
HEADERS = {
    "X-Request-ID": {
        "description": "This request's id; quote it to the operator to find its log lines.",
        "schema": {"type": "string"},
    },
    "Retry-After": {"description": "Seconds to wait before calling again.", "schema": {"type": "integer"}},
    "WWW-Authenticate": {"description": "How to authenticate: a bearer API key.", "schema": {"type": "string"}},
}
LICENSE = {
    "name": "CC BY 4.0 (the UCI Adult data the model learned from)",
    "url": "https://creativecommons.org/licenses/by/4.0/",
}


def _field(feature: mlcore.Feature) -> dict:
    schema = {"title": feature.label, "description": feature.help}
    if feature.kind == mlcore.CATEGORY:
        schema.update(type="string")
        if feature.categories:
            schema["enum"] = list(feature.categories)
    else:
        schema.update(type="integer")
        if feature.minimum is not None:
            schema.update(minimum=feature.minimum, maximum=feature.maximum)
    return schema


def record_schema(schema: mlcore.Schema | None) -> dict:
    """One person, as the active model takes them: every field required, with its allowed
    values or range. With no model active, every feature any model may use, untyped beyond
    its JSON type, none required."""
    features = schema.features if schema is not None else tuple(mlcore.FEATURES.values())
    return {
        "title": "Record",
        "type": "object",
        "description": "One person: exactly the active model's features (GET /api/v1/model lists them).",
        "properties": {feature.name: _field(feature) for feature in features},
        "required": [feature.name for feature in features] if schema is not None else [],
        "additionalProperties": False,
    }


def instances_schema(limit: int) -> dict:
    return {
        "title": "InstancesBody",
        "type": "object",
        "properties": {"instances": {"type": "array", "items": RECORD_REF, "minItems": 1, "maxItems": limit}},
        "required": ["instances"],
        "additionalProperties": False,
    }


def _answer_headers(status: str) -> dict:
    named = {"X-Request-ID": {"$ref": "#/components/headers/X-Request-ID"}}
    if status == "429":
        named["Retry-After"] = {"$ref": "#/components/headers/Retry-After"}
    if status == "401":
        named["WWW-Authenticate"] = {"$ref": "#/components/headers/WWW-Authenticate"}
    return named


def finish(document: dict, *, schema: mlcore.Schema | None, limit: int) -> dict:
    """`document` (ninja's) with the record, the headers, open operations and the licence."""
    document["info"]["license"] = LICENSE
    components = document.setdefault("components", {})
    components.setdefault("schemas", {}).update(Record=record_schema(schema), InstancesBody=instances_schema(limit))
    components["headers"] = HEADERS
    for operations in document["paths"].values():
        for operation in operations.values():
            operation.setdefault("security", [])  # no key asked: say so, or clients assume one
            for status, answer in operation["responses"].items():
                answer["headers"] = {**answer.get("headers", {}), **_answer_headers(str(status))}
    return document
