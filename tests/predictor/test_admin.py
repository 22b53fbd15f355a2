"""Staff review predictions and versions in the admin; nobody edits history."""

import csv
import io

import pytest
from django.contrib.auth.models import User

from predictor.models import ModelVersion, Prediction
from predictor.services import api_key_create, model_version_create, outcome_record, prediction_create
from tests.conftest import train_artifact

HISTORY = "/admin/predictor/prediction/"


def test_anonymous_is_sent_to_login(client, db):
    response = client.get("/admin/predictor/prediction/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_staff_see_history_newest_first(staff, history):
    response = staff.get("/admin/predictor/prediction/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index(f"/prediction/{history[2].pk}/") < html.index(f"/prediction/{history[0].pk}/")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("sex=Female", [0, 2]),
        ("source=api", [1]),
        ("workclass=State-gov", [0, 1, 2]),
        ("marital_status=Married-civ-spouse", [1]),
        ("education=Masters", [0]),
        ("model_version=abc", []),
        ("model_version=999999999999999999999", []),
        ("created_at__gte=2000-01-01T00:00:00%2B00:00", [0, 1, 2]),
        ("created_at__gte=2999-01-01T00:00:00%2B00:00", []),
    ],
)
def test_filters_find_rows(staff, history, query, expected):
    response = staff.get(f"/admin/predictor/prediction/?{query}")
    assert response.status_code == 200
    shown = {p.pk for p in response.context["cl"].result_list}
    assert shown == {history[i].pk for i in expected}


def test_history_is_read_only(staff, history):
    assert staff.get("/admin/predictor/prediction/add/").status_code == 403
    row = history[0]
    page = staff.get(f"/admin/predictor/prediction/{row.pk}/change/")
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    staff.post(f"/admin/predictor/prediction/{row.pk}/change/", {"probability": "0.99"})
    row.refresh_from_db()
    assert row.probability != 0.99
    assert staff.post(f"/admin/predictor/prediction/{row.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Prediction.objects.count() == 3


def test_label_and_version_filters(staff, history, active_version):
    over = {p.pk for p in history if p.label}
    found = staff.get("/admin/predictor/prediction/?label=1").context["cl"].result_list
    assert {p.pk for p in found} == over
    found = staff.get(f"/admin/predictor/prediction/?model_version={active_version.pk}").context["cl"].result_list
    assert len(found) == 3


def test_csv_export(staff, history):
    key, secret = api_key_create(name="billing", scopes=["predict"], by="tests")
    Prediction.objects.filter(pk=history[1].pk).update(api_key=key)
    outcome_record(prediction=history[0], earns_over_50k=True, by="tests")
    outcome_record(prediction=history[2], earns_over_50k=False, by="tests")
    response = staff.post(HISTORY, {"action": "export_csv", "_selected_action": [p.pk for p in history]})
    text = b"".join(response.streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [int(r["id"]) for r in rows] == [p.pk for p in history]
    assert rows[0]["education"] == "Masters" and rows[1]["source"] == "api" and rows[0]["source"] == "web"
    assert [r["api_key_prefix"] for r in rows] == ["", key.prefix, ""]
    assert [r["outcome"] for r in rows] == ["True", "", "False"]
    assert key.key_hash not in text and secret not in text  # the prefix names a key; nothing else of it leaves


def test_a_view_only_user_exports_but_cannot_add_or_change(client, history):
    from django.contrib.auth.models import Permission

    viewer = User.objects.create_user("viewer", password="pw-for-tests", is_staff=True)
    viewer.user_permissions.set(Permission.objects.filter(codename="view_prediction"))
    client.force_login(viewer)
    response = client.post(HISTORY, {"action": "export_csv", "_selected_action": [history[0].pk]})
    assert response.status_code == 200 and response["Content-Type"] == "text/csv"


def test_staff_activate_an_older_version_and_new_predictions_use_it(staff, active_version, valid_record):
    newer = model_version_create(artifact=train_artifact(preset="age,education,hours_per_week"))
    staff.post("/admin/predictor/modelversion/", {"action": "activate", "_selected_action": [newer.pk]})
    newer.refresh_from_db()
    assert newer.is_active and newer.activated_by == "staff"
    narrow = {k: valid_record[k] for k in ("age", "education", "hours_per_week")}
    assert prediction_create(inputs=narrow, source="web").model_version == newer

    staff.post("/admin/predictor/modelversion/", {"action": "activate", "_selected_action": [active_version.pk]})
    assert ModelVersion.objects.get(is_active=True) == active_version
    # The full seed record is what the older model takes: it, not the narrow one, answers.
    assert prediction_create(inputs=valid_record, source="web").model_version == active_version


def test_version_pages_load(staff, active_version):
    listing = staff.get("/admin/predictor/modelversion/")
    assert listing.status_code == 200 and "0.87" in listing.content.decode()
    assert staff.get(f"/admin/predictor/modelversion/{active_version.pk}/change/").status_code == 200
    assert staff.get("/admin/predictor/modelversion/add/").status_code == 403
