"""POST /api/v1/outcomes: the bodies, keys and sizes it refuses, and its entry in the OpenAPI document."""

import pytest

from .conftest import make_key
from .test_outcomes_bulk import OUTCOMES, items, send


@pytest.mark.parametrize(
    ("body", "status"),
    [([], 400), ({}, 422), ({"outcomes": []}, 422), ({"outcomes": [], "more": 1}, 422)],
)
def test_a_bad_body_is_refused(client, api_key, db, body, status):
    assert send(client, api_key, body).status_code == status


def test_keys_and_limits(client, api_key, db):
    one = items([(1, True)])
    assert send(client, None, one).status_code == 401
    refused = send(client, make_key(), one)
    assert refused.status_code == 403 and "does not have the 'predict' or the 'read' scope" in refused.json()["detail"]
    too_many = send(client, api_key, items((pk, True) for pk in range(1, 10_002)))
    assert too_many.status_code == 413 and "10001" in too_many.json()["detail"]


def test_the_openapi_document_describes_it(client, db):
    operation = client.get("/api/v1/openapi.json").json()["paths"][OUTCOMES]["post"]
    assert operation["summary"] and "index" in operation["description"]
    body = operation["requestBody"]["content"]["application/json"]["schema"]
    assert body["properties"]["outcomes"]["maxItems"] == 10_000
    assert set(operation["responses"]) >= {"201", "401", "403", "413", "422"}
    assert operation["responses"]["201"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "OutcomesRecordedOut"
    )


def test_an_item_with_thousands_of_keys_is_refused_whole(client, db):
    from tests.api.conftest import bearer, make_key

    item = {f"k{n}": n for n in range(5000)}
    response = client.post(
        "/api/v1/outcomes", {"outcomes": [item]}, content_type="application/json", **bearer(make_key("predict"))
    )
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "index": 0,
            "field": "outcomes",
            "message": 'has 5000 fields; send {"prediction": <id>, "earns_over_50k": true or false}',
        }
    ]
