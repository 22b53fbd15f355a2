"""Helpers for the API tests: JSON in, JSON out, with the raw body under the test's control."""

import json

import pytest

PREDICTIONS = "/api/v1/predictions"


@pytest.fixture
def post(client):
    """POST to /api/v1/predictions: a dict or list is sent as JSON, str or bytes as they are."""

    def send(body, content_type="application/json"):
        data = body if isinstance(body, str | bytes) else json.dumps(body)
        return client.post(PREDICTIONS, data=data, content_type=content_type)

    return send


def field_errors(response) -> dict:
    """{field: message} (or {(index, field): message} in a batch) from an error body."""
    return {(e["index"], e["field"]) if "index" in e else e["field"]: e["message"] for e in response.json()["errors"]}
