"""POST one record or a batch, read it back: every answer is stored, in order, as `api`."""

import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from predictor.models import ModelVersion, Prediction
from predictor.services import model_version_activate, model_version_create
from tests.api.conftest import PREDICTIONS, bearer


def test_one_record_answers_201_and_stores_one_row(post, active_version, valid_record):
    response = post(valid_record)
    assert response.status_code == 201
    body = response.json()
    keys = {"id", "probability", "label", "label_text", "model_version", "created_at", "explanation", "recourse"}
    assert set(body) == keys
    assert 0 <= body["probability"] <= 1 and isinstance(body["label"], bool)
    assert body["label_text"] == (">50K" if body["label"] else "<=50K")
    row = Prediction.objects.get()
    assert (row.pk, row.source, row.inputs, row.probability) == (body["id"], "api", valid_record, body["probability"])
    assert body["model_version"] == row.model_version_id == active_version.pk


def test_batch_answers_in_order_in_one_insert(post, active_version, valid_record):
    records = [{**valid_record, "hours_per_week": hours} for hours in (10, 40, 80)]
    with CaptureQueriesContext(connection) as queries:
        response = post({"instances": records})
    assert response.status_code == 201
    # One call for the batch, not one per row (on SQLite an executemany, logged as "3 times: INSERT ...").
    inserts = [q["sql"] for q in queries if "INSERT INTO" in q["sql"].upper() and "predictor_prediction" in q["sql"]]
    assert len(inserts) == 1
    answers = response.json()["predictions"]
    stored = {row.pk: row for row in Prediction.objects.all()}
    assert [stored[a["id"]].inputs for a in answers] == records
    assert [a["probability"] for a in answers] == sorted(a["probability"] for a in answers)  # more hours, higher odds


def test_ten_thousand_records_are_answered_and_stored(post, active_version, valid_record, settings, api_key):
    records = [{**valid_record, "age": 17 + i % 70, "hours_per_week": 1 + i % 99} for i in range(10_000)]
    body = json.dumps({"instances": records}, indent=8)
    assert len(body) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE  # the API's own limit applies, not Django's form one
    response = post(body, key=api_key)
    assert response.status_code == 201, response.content[:300]
    assert len(response.json()["predictions"]) == 10_000
    assert Prediction.objects.filter(source="api").count() == 10_000


def test_whole_number_sent_as_float_is_stored_and_read_back_as_int(client, post, active_version, valid_record, api_key):
    created = post({**valid_record, "age": 39.0}, key=api_key).json()
    inputs = client.get(f"{PREDICTIONS}/{created['id']}", **bearer(api_key)).json()["inputs"]
    assert inputs["age"] == 39 and isinstance(inputs["age"], int)
    assert list(inputs) == list(valid_record)  # the model's feature order, as GET /api/v1/model lists them


def test_stored_prediction_reads_back(client, post, active_version, valid_record, api_key):
    created = post(valid_record, key=api_key).json()
    del created["recourse"]  # advice on the answer, not part of the stored prediction
    response = client.get(f"{PREDICTIONS}/{created['id']}", **bearer(api_key))
    assert response.status_code == 200
    assert response.json() == {**created, "inputs": valid_record, "source": "api", "shadow": None}


def test_unknown_prediction_is_404(client, api_key):
    for missing in ("999999", str(2**70), "-1"):
        response = client.get(f"{PREDICTIONS}/{missing}", **bearer(api_key))
        assert response.status_code == 404 and f"no prediction with id {missing}" in response.json()["detail"]


def test_non_integer_id_is_422(client, api_key):
    response = client.get(f"{PREDICTIONS}/abc", **bearer(api_key))
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "id"


def test_no_csrf_token_needed_as_no_cookie_is_trusted(active_version, valid_record):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(PREDICTIONS, data=valid_record, content_type="application/json")
    assert response.status_code == 201 and Prediction.objects.count() == 1


def test_no_active_model_is_503_naming_the_command(client, post, db, valid_record):
    for response in (post(valid_record), post({"instances": [valid_record]}), client.get("/api/v1/model")):
        assert response.status_code == 503
        assert "python manage.py retrain" in response.json()["detail"]
    assert Prediction.objects.count() == 0


@pytest.fixture(params=["sklearn_version", "artifact"])
def unloadable_version(request, db, seed_artifact):
    """The active version, spoilt after activation: another scikit-learn's, or altered bytes."""
    version = model_version_activate(version=model_version_create(artifact=seed_artifact), by="tests")
    if request.param == "sklearn_version":
        change = {"metadata": {**seed_artifact.metadata, "sklearn_version": "0.0"}}
    else:
        change = {"artifact": seed_artifact.data + b"tampered"}
    ModelVersion.objects.filter(pk=version.pk).update(**change)
    return request.param


def test_unloadable_active_model_is_503_json_naming_the_command(client, post, unloadable_version, valid_record):
    reason = {"sklearn_version": "scikit-learn 0.0", "artifact": "checksum mismatch"}[unloadable_version]
    for response in (post(valid_record), post({"instances": [valid_record]}), client.get("/api/v1/model")):
        assert response.status_code == 503 and response["Content-Type"].startswith("application/json")
        body = response.json()
        assert body["errors"] == [] and "the active model (version" in body["detail"].lower()
        assert "cannot be loaded" in body["detail"]
        assert reason in body["detail"] and "python manage.py activate_model ID" in body["detail"]
    assert Prediction.objects.count() == 0
