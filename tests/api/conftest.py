"""Helpers for the API tests: JSON in, JSON out, with the raw body under the test's control."""

import json

import pytest

PREDICTIONS = "/api/v1/predictions"


@pytest.fixture
def post(client):
    """POST to /api/v1/predictions: a dict or list is sent as JSON, str or bytes as they are;
    content_type None sends no Content-Type header."""

    def send(body, content_type="application/json"):
        data = body if isinstance(body, str | bytes) else json.dumps(body)
        # The test client leaves Content-Type out when the body is empty; a real client may not.
        header = {} if content_type is None else {"CONTENT_TYPE": content_type}
        return client.generic("POST", PREDICTIONS, data, content_type=content_type or "", **header)

    return send


def field_errors(response) -> dict:
    """{field: message} (or {(index, field): message} in a batch) from an error body."""
    return {(e["index"], e["field"]) if "index" in e else e["field"]: e["message"] for e in response.json()["errors"]}
