"""Staff review predictions and versions in the admin; nobody edits history."""

import csv
import io

import pytest
from django.contrib.auth.models import User

from predictor.models import ModelVersion, Prediction
from predictor.services import model_version_create, prediction_create
from tests.conftest import train_artifact


@pytest.fixture
def staff(client, db):
    user = User.objects.create_superuser("staff", "staff@example.com", "pw-for-tests")
    client.force_login(user)
    return client


@pytest.fixture
def history(active_version, valid_record):
    people = [
        {**valid_record, "sex": "Female", "education": "Masters"},
        {**valid_record, "sex": "Male", "marital_status": "Married-civ-spouse"},
        {**valid_record, "sex": "Female", "hours_per_week": 20},
    ]
    sources = ["web", "api", "web"]
    made = [prediction_create(inputs=person, source=source) for person, source in zip(people, sources, strict=True)]
    return [Prediction.objects.get(pk=stored.id) for stored in made]


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
    shown = staff.get("/admin/predictor/prediction/?label__exact=1").context["cl"].result_list
    assert {p.pk for p in shown} == over
    shown = staff.get(f"/admin/predictor/prediction/?model_version={active_version.pk}").context["cl"].result_list
    assert len(shown) == 3


def test_csv_export(staff, history):
    response = staff.post(
        "/admin/predictor/prediction/",
        {"action": "export_csv", "_selected_action": [p.pk for p in history]},
    )
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [int(r["id"]) for r in rows] == [p.pk for p in history]
    assert rows[0]["education"] == "Masters" and rows[1]["source"] == "api"


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


def test_a_predictions_page_shows_its_reasons(staff, history):
    from django.utils.html import escape

    from mlcore.explain import expand
    from mlcore.reasons import reasons

    row = history[0]
    html = staff.get(f"/admin/predictor/prediction/{row.pk}/change/").content.decode()
    assert row.explanation
    for reason in reasons(expand(row.explanation, row.inputs)):
        assert escape(reason["words"]) in html


def test_staff_record_an_outcome_once_and_cannot_change_it(staff, history):
    from predictor.models import Outcome

    row = history[0]
    response = staff.post("/admin/predictor/outcome/add/", {"prediction": row.pk, "earns_over_50k": "on"})
    assert response.status_code == 302
    outcome = Outcome.objects.get()
    assert outcome.earns_over_50k is True and outcome.recorded_by == "staff staff"
    again = staff.post("/admin/predictor/outcome/add/", {"prediction": row.pk})
    assert again.status_code == 200 and "already has an outcome" in again.content.decode()
    assert staff.post(f"/admin/predictor/outcome/{row.pk}/change/", {"prediction": row.pk}).status_code == 403
    assert Outcome.objects.get().earns_over_50k is True
