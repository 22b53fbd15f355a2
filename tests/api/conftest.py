"""Helpers for the API tests: JSON in, JSON out, with the raw body under the test's control."""

import json

import pytest

import mlcore
from tests.support.strategies import SEED

PREDICTIONS = "/api/v1/predictions"


def make_key(*scopes: str) -> str:
    """A new API key's secret, with these scopes."""
    from predictor.services import api_key_create

    return api_key_create(name="tests", scopes=list(scopes), by="tests")[1]


def bearer(secret: str | None) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"} if secret else {}


@pytest.fixture
def api_key(db) -> str:
    """A key that may predict and read back."""
    return make_key("predict", "read")


@pytest.fixture
def schema(active_version) -> mlcore.Schema:
    schema = mlcore.Schema.from_dict(active_version.metadata["schema"])
    assert schema.names == SEED
    return schema


@pytest.fixture
def post(client, api_key):
    """POST to /api/v1/predictions: a dict or list is sent as JSON, str or bytes as they are;
    content_type None sends no Content-Type header. A batch is sent with `api_key` unless
    `key` says otherwise (False: no key)."""

    def send(body, content_type="application/json", key=None):
        data = body if isinstance(body, str | bytes) else json.dumps(body)
        # The test client leaves Content-Type out when the body is empty; a real client may not.
        header = {} if content_type is None else {"CONTENT_TYPE": content_type}
        if key is None:
            key = api_key if isinstance(body, dict) and "instances" in body else False
        return client.generic("POST", PREDICTIONS, data, content_type=content_type or "", **header, **bearer(key))

    return send


def field_errors(response) -> dict:
    """{field: message} (or {(index, field): message} in a batch) from an error body."""
    return {(e["index"], e["field"]) if "index" in e else e["field"]: e["message"] for e in response.json()["errors"]}
