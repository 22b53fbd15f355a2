"""Staff review predictions and versions in the admin, in plain words; nobody edits history."""

import csv
import io
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import User

import mlcore
from predictor.models import ModelVersion, Prediction
from predictor.services import api_key_create, model_version_create, outcome_record, prediction_create
from tests.conftest import train_artifact

HISTORY = "/admin/predictor/prediction/"


class _Shown(HTMLParser):
    """What a person can read on a page: its text and its title attributes, not its URLs."""

    def __init__(self):
        super().__init__()
        self.parts, self.hidden = [], 0

    def handle_starttag(self, tag, attrs):
        self.hidden += tag in ("script", "style")
        self.parts += [value for name, value in attrs if name == "title" and value]

    def handle_endtag(self, tag):
        self.hidden -= tag in ("script", "style")

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def shown(html: str) -> str:
    parser = _Shown()
    parser.feed(html)
    return " ".join(parser.parts)


def raw_codes(text: str, schema) -> list[str]:
    """The census codes in `text` that have words of their own ("Married-civ-spouse", not "White")."""
    codes = []
    for feature in schema.features:
        for code in feature.categories:
            if code not in mlcore.category_label(feature.name, code) and code in text:
                codes.append(code)
    return codes


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


def test_the_history_list_reads_in_words(staff, history):
    html = staff.get(HISTORY).content.decode()
    text = shown(html)
    assert "Age 39, State government, Master's degree, Never married, White, Female, 40 hours a week" in text
    assert "Married" in text and "Employer type: State government" in text  # the cell's title, question by question
    assert "over $50K" in text and "$50K or less" in text and "Web form" in text and "JSON API" in text
    for title in ("By employer type", "By education", "By marital status", "By race", "By sex", "By estimate"):
        assert title in " ".join(text.split())


def test_no_raw_code_anywhere_in_the_history_pages(staff, history):
    from predictor.registry import active_schema

    schema = active_schema()
    for page in (HISTORY, f"{HISTORY}?marital_status=Married-civ-spouse", f"{HISTORY}{history[1].pk}/change/"):
        text = shown(staff.get(page).content.decode())
        assert raw_codes(text, schema) == [], page
    # Every category any row or filter can show is among those checked.
    assert "Married-civ-spouse" in schema["marital_status"].categories


def test_search_finds_answers_by_their_words(staff, history):
    found = staff.get(f"{HISTORY}?q=master").context["cl"].result_list
    assert {p.pk for p in found} == {history[0].pk}
    found = staff.get(f"{HISTORY}?q={history[2].pk}").context["cl"].result_list
    assert {p.pk for p in found} == {history[2].pk}
    assert staff.get(f"{HISTORY}?q=%E2%80%94nothing").context["cl"].result_list.count() == 0


def test_a_predictions_page_is_in_words_with_its_outcome(staff, history):
    row = history[1]
    page = f"{HISTORY}{row.pk}/change/"
    html = staff.get(page).content.decode()
    assert "Marital status" in html and ">Married<" in html and "Employer type" in html
    assert f"Model v{row.model_version_id}: logistic regression, seed features, trained" in html
    assert "Not recorded yet" in html and f"/admin/predictor/outcome/add/?prediction={row.pk}" in html
    assert 'name="_save"' not in html and 'name="_continue"' not in html
    outcome_record(prediction=row, earns_over_50k=False, by="staff someone")
    html = staff.get(page).content.decode()
    assert "Income $50K or less, recorded" in html and f"/admin/predictor/outcome/{row.pk}/change/" in html


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
