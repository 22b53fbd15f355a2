"""The model description, the OpenAPI document and the docs page."""

import re

import pytest
from django.test import Client

import mlcore


def test_model_describes_the_active_version_and_its_inputs(client, active_version):
    response = client.get("/api/v1/model")
    assert response.status_code == 200
    body = response.json()
    assert (body["id"], body["algorithm"], body["preset"]) == (active_version.pk, "logreg", "seed")
    assert body["trained_at"] and body["activated_at"] and body["threshold"] == 0.5
    assert 0.5 < body["metrics"]["roc_auc"] <= 1
    features = {f["name"]: f for f in body["features"]}
    assert list(features) == ["age", "workclass", "education", "marital_status", "race", "sex", "hours_per_week"]
    assert (features["age"]["kind"], features["age"]["minimum"], features["age"]["maximum"]) == ("integer", 17, 90)
    assert features["sex"]["kind"] == "category" and features["sex"]["categories"] == ["Female", "Male"]


def test_model_carries_the_stored_card(client, active_version):
    from predictor.models import ModelVersion

    card = client.get("/api/v1/model").json()["card"]
    assert card == ModelVersion.objects.get(pk=active_version.pk).card  # as stored, nothing dropped
    assert card["confusion"]["threshold"] == card["metrics"]["threshold"] == 0.5


def test_model_card_is_null_for_a_version_from_before_cards(client, db, seed_artifact):
    from predictor.services import model_version_activate, model_version_create

    model_version_activate(version=model_version_create(artifact=seed_artifact), by="tests")
    response = client.get("/api/v1/model")
    assert response.status_code == 200 and response.json()["card"] is None


def test_openapi_describes_the_card(client, db):
    schemas = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    card = schemas["ModelOut"]["properties"]["card"]
    assert {"$ref": "#/components/schemas/CardOut"} in card["anyOf"] and {"type": "null"} in card["anyOf"]
    assert "card" in schemas["ModelOut"]["required"]
    top = {"metrics", "baseline", "published", "curves", "calibration", "confusion", "importance", "training"}
    assert top | {"fairness", "limitations"} == set(schemas["CardOut"]["required"])
    assert schemas["CardOut"]["additionalProperties"] is True


def test_openapi_documents_every_endpoint_and_answer(client, db):
    spec = client.get("/api/v1/openapi.json").json()
    paths = spec["paths"]
    assert set(paths) == {
        *("/api/v1/predictions", "/api/v1/predictions/{id}", "/api/v1/predictions/{id}/outcome"),
        *("/api/v1/outcomes", "/api/v1/model", "/api/v1/monitoring"),
    }
    outcome = paths["/api/v1/predictions/{id}/outcome"]["post"]
    assert set(outcome["responses"]) == {"200", "201", "400", "401", "403", "404", "409", "413", "415", "422", "429"}
    post = paths["/api/v1/predictions"]["post"]
    assert set(post["responses"]) == {"201", "400", "401", "403", "413", "415", "422", "429", "503"}
    one, several = post["requestBody"]["content"]["application/json"]["schema"]["oneOf"]
    assert one == {"$ref": "#/components/schemas/Record"}  # one class in a generated client, used twice
    schemas = spec["components"]["schemas"]
    instances = schemas["InstancesBody"]["properties"]["instances"]
    assert several == {"$ref": "#/components/schemas/InstancesBody"} and instances["items"] == one
    assert schemas["Record"]["additionalProperties"] is False and instances["maxItems"] == 10_000
    assert set(paths["/api/v1/predictions/{id}"]["get"]["responses"]) == {"200", "401", "403", "404", "422", "429"}
    assert set(paths["/api/v1/model"]["get"]["responses"]) == {"200", "429", "503"}
    assert post["security"] == [{"ApiKeyAuth": []}, {}]  # a key is optional for one record


def test_docs_page_uses_only_local_static_files(client, db):
    response = client.get("/api/v1/docs")
    html = response.content.decode()
    assert response.status_code == 200 and 'id="swagger-ui"' in html
    assert "//" not in html.replace("/static/", "")  # no http://, https:// or protocol-relative CDN link
    assert '"validatorUrl": null' in html  # Swagger UI would otherwise fetch a badge from swagger.io
    assert 'data-csrf-token=""' in html  # no cookie auth, so no token to hand out
    assets = re.findall(r'(?:src|href)="/static/([^"]+)"', html)
    unhashed = {re.sub(r"\.[0-9a-f]{12}\.", ".", asset) for asset in assets}
    assert {"ninja/swagger-ui-bundle.js", "ninja/swagger-ui.css"} <= unhashed
    for asset in assets:  # served by whitenoise from the collected files, as in production
        assert client.get(f"/static/{asset}").status_code == 200


WRONG_METHODS = [
    ("put", "/api/v1/model", "GET"),
    ("delete", "/api/v1/predictions", "POST"),
    ("post", "/api/v1/predictions/1", "GET"),
]


@pytest.mark.parametrize(("method", "path", "allowed"), WRONG_METHODS)
def test_wrong_method_is_a_json_405_naming_the_allowed_one(client, db, method, path, allowed):
    response = getattr(client, method)(path)
    assert response.status_code == 405 and response["Allow"] == allowed
    assert response.json() == {"detail": f"{method.upper()} is not allowed here; allowed: {allowed}", "errors": []}


@pytest.mark.parametrize("path", ["/api/v1/", "/api/v1/nothing", "/api/v1/model/", "/api/v1/predictions/1/x"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_unknown_path_under_the_api_is_a_json_404(db, method, path):
    response = getattr(Client(enforce_csrf_checks=True), method)(path)
    assert response.status_code == 404
    assert response.json() == {"detail": f"nothing at {path}; the API is described at /api/v1/docs", "errors": []}


def test_the_record_says_what_the_active_model_takes(client, active_version):
    spec = client.get("/api/v1/openapi.json").json()
    record = spec["components"]["schemas"]["Record"]
    schema = mlcore.Schema.from_dict(active_version.metadata["schema"])
    assert record["required"] == list(schema.names) and list(record["properties"]) == list(schema.names)
    assert record["properties"]["education"]["enum"] == list(schema["education"].categories)
    assert (record["properties"]["age"]["minimum"], record["properties"]["age"]["maximum"]) == (17, 90)


def test_every_answer_declares_its_headers_and_open_operations_say_so(client, db):
    spec = client.get("/api/v1/openapi.json").json()
    assert spec["info"]["license"]["name"].startswith("CC BY 4.0") and spec["info"]["version"]
    assert set(spec["components"]["headers"]) == {"X-Request-ID", "Retry-After", "WWW-Authenticate"}
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            where = f"{method} {path}"
            assert "security" in operation, where
            for status, answer in operation["responses"].items():
                assert "X-Request-ID" in answer["headers"], where
                assert ("Retry-After" in answer["headers"]) == (status == "429"), where
                assert ("WWW-Authenticate" in answer["headers"]) == (status == "401"), where
    assert spec["paths"]["/api/v1/model"]["get"]["security"] == []


def test_the_card_schema_takes_every_shape_a_card_has(active_version):
    import copy

    from predictor.api.card_schemas import CardOut

    card = copy.deepcopy(active_version.card)
    assert CardOut.model_validate(card).training.data_files is not None
    card["importance"] = {
        "kind": "permutation",
        "items": [{"feature": "age", "feature_label": "Age", "importance": 0.02, "std": 0.001}],
        "cost_seconds": 2.5,
        "rows": 2000,
    }
    del card["training"]["data_files"]  # a card made before files were named
    card["fairness"]["race"][-1].update(too_small=True, tpr={"value": None, "low": None, "high": None})
    parsed = CardOut.model_validate(card)
    assert parsed.importance.kind == "permutation" and parsed.training.data_files is None
