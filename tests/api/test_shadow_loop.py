"""The shadow loop as an operator runs it: retrain --shadow, predictions from the form, the API
and a batch file, outcomes in bulk, the comparison read back, promotion."""

import io
import json

import pytest
from django.contrib.auth.models import Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

import mlcore
from predictor.batch import processing
from predictor.batch.management.commands.batch_worker import score_shadow_until_none
from predictor.batch.models import BatchJob
from predictor.models import ModelVersion, Prediction
from tests.conftest import DATA_DIR

from .conftest import bearer, make_key

NAMES = list(mlcore.resolve_features("seed"))


@pytest.fixture(scope="module")
def people():
    frame, _ = mlcore.load_dataset(DATA_DIR / "adult.test", NAMES)
    return frame.sample(1_000, random_state=1).reset_index(drop=True)


def _form(client, person: dict) -> None:
    response = client.post("/", {k: str(v) for k, v in person.items()}, headers={"HX-Request": "true"})
    assert response.status_code == 200 and "%" in response.content.decode()


def _batch(client, frame, tmp_path, settings) -> None:
    settings.BATCH_DIR = tmp_path / "batch"
    user = User.objects.create_user("ada", password="pw-for-tests")
    user.user_permissions.add(Permission.objects.get(codename="run_batch"))
    client.force_login(user)
    content = frame[NAMES].to_csv(index=False).encode()
    client.post("/batch/", {"file": SimpleUploadedFile("people.csv", content, "text/csv")})
    job = BatchJob.objects.get()
    processing.job_process(str(job.pk))
    client.logout()


def test_a_shadow_is_compared_on_the_very_rows_and_promoted_on_them(client, active_version, people, tmp_path, settings):
    call_command("retrain", "--shadow", "--algorithm", "hgb", stdout=io.StringIO())
    shadow = ModelVersion.objects.get(is_shadow=True)
    assert shadow.algorithm == "hgb" and ModelVersion.objects.get(is_active=True).pk == active_version.pk
    key = make_key("predict", "read")
    records = people[NAMES].to_dict("records")
    for person in records[:100]:
        _form(client, person)
    body = json.dumps({"instances": records[100:500]})
    answers = client.post("/api/v1/predictions", body, content_type="application/json", **bearer(key)).json()
    ids = [answer["id"] for answer in answers["predictions"]]
    _batch(client, people.iloc[500:], tmp_path, settings)
    assert Prediction.objects.count() == 1_000
    # The batch worker's pass for the shadow (its db_worker half would close the test's connection).
    assert score_shadow_until_none() == 1_000
    truth = dict(zip(ids[:300], (bool(y) for y in people["y"].iloc[100:400]), strict=True))
    sent = {"outcomes": [{"prediction": pk, "earns_over_50k": value} for pk, value in truth.items()]}
    response = client.post("/api/v1/outcomes", json.dumps(sent), content_type="application/json", **bearer(key))
    assert response.status_code == 201, response.content

    figures = client.get("/api/v1/monitoring", **bearer(key)).json()["shadow"]
    assert (figures["version"], figures["compared"], figures["outcomes"]) == (shadow.pk, 1_000, 300)
    # The recount, from what the API answers for each of the key's own predictions.
    rows = [client.get(f"/api/v1/predictions/{pk}", **bearer(key)).json() for pk in ids]
    assert all(row["shadow"]["model_version"] == shadow.pk for row in rows)
    api_only = client.get("/api/v1/monitoring?source=api", **bearer(key)).json()["shadow"]
    agree = sum(row["label"] == row["shadow"]["label"] for row in rows) / len(rows)
    assert api_only["compared"] == 400 and api_only["agreement"] == pytest.approx(agree)
    known = [row for row in rows if row["id"] in truth]
    active_right = sum(row["label"] == truth[row["id"]] for row in known) / 300
    shadow_right = sum(row["shadow"]["label"] == truth[row["id"]] for row in known) / 300
    assert figures["active"]["accuracy"] == pytest.approx(active_right, abs=1e-6)
    assert figures["candidate"]["accuracy"] == pytest.approx(shadow_right, abs=1e-6)
    everyone = Prediction.objects.all()
    assert figures["agreement"] == pytest.approx(sum(p.label == p.shadow_label for p in everyone) / 1_000)

    call_command("promote_shadow", "--force", stdout=io.StringIO())
    shadow.refresh_from_db()
    assert shadow.is_active and not shadow.is_shadow and shadow.promotion["compared"] == 1_000
    after = client.post("/api/v1/predictions", json.dumps(records[0]), content_type="application/json").json()
    assert after["model_version"] == shadow.pk
