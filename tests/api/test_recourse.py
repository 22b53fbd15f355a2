"""The single-record answer's `recourse`: the very suggestions the page shows, in its order,
each figure the model's own answer for the changed person."""

import html
import re

import pytest

import mlcore
from mlcore.whatif import change_words
from predictor.models import Prediction
from predictor.registry import active_model
from predictor.services import model_version_activate, model_version_create
from tests.conftest import DATA_DIR, train_artifact

HTMX = {"HX-Request": "true"}
MARRIED_GRADUATE = {
    "age": 28,
    "workclass": "Private",
    "education": "Bachelors",
    "marital_status": "Married-civ-spouse",
    "race": "White",
    "sex": "Male",
    "hours_per_week": 45,
}


@pytest.fixture(scope="module")
def test_people() -> list[dict]:
    """Every 100th person of data/adult.test, as the seed model takes them."""
    names = mlcore.resolve_features("seed")
    frame, _ = mlcore.load_dataset(DATA_DIR / "adult.test", names)
    return frame[list(names)].iloc[::100].to_dict("records")


def panel_changes(page: str) -> list[str]:
    """The panel's "what would change it" items, as a person reads them."""
    found = re.search(r'<ul class="change-list">(.*?)</ul>', page, flags=re.DOTALL)
    return [html.unescape(item) for item in re.findall(r"<li>(.*?)</li>", found.group(1))] if found else []


def test_one_record_answers_what_would_change_it(post, active_version):
    body = post(MARRIED_GRADUATE).json()
    predictor = active_model().predictor
    keys = ("feature", "from", "to", "probability")
    expected = [{k: c[k] for k in keys} for c in predictor.what_would_change(MARRIED_GRADUATE)]
    assert body["recourse"] == expected and len(expected) == 1  # above 50%: the one risk
    (change,) = body["recourse"]
    changed = {**MARRIED_GRADUATE, change["feature"]: change["to"]}
    assert abs(change["probability"] - predictor.probabilities([changed])[0]) <= 1e-9
    assert body["probability"] >= 0.5 > change["probability"]
    assert (change["feature"], change["from"], change["to"]) == ("hours_per_week", 45, 30)


def test_an_answer_no_single_change_crosses_has_an_empty_list(post, active_version, valid_record):
    body = post(valid_record).json()
    assert body["recourse"] == [] and body["probability"] < 0.5


def test_several_records_carry_no_recourse(post, active_version, valid_record):
    answers = post({"instances": [valid_record, MARRIED_GRADUATE]}).json()["predictions"]
    assert len(answers) == 2 and all("recourse" not in answer for answer in answers)


def test_the_api_and_the_panel_suggest_the_same_in_the_same_order(client, post, active_version, test_people):
    predictor = active_model().predictor
    kinds = {"above": 0, "below": 0, "none": 0}
    for person in test_people:
        body = post(person).json()
        page = client.post("/", person, headers=HTMX).content.decode()
        assert panel_changes(page) == [change_words(item) + "." for item in body["recourse"]]
        for item in body["recourse"]:
            changed = {**person, item["feature"]: item["to"]}
            assert abs(item["probability"] - predictor.probabilities([changed])[0]) <= 1e-9
        if not body["recourse"]:
            assert 'class="changes-none"' in page
            kinds["none"] += 1
        else:
            kinds["above" if body["label"] else "below"] += 1
    assert min(kinds.values()) >= 5, kinds  # each way the panel can read was compared
    assert Prediction.objects.filter(source="web").count() == len(test_people)


def test_the_document_declares_recourse_on_the_single_answer_only(client, active_version):
    schemas = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    assert "recourse" in schemas["PredictionOut"]["required"]
    item = schemas["RecourseOut"]
    assert set(item["properties"]) == set(item["required"]) == {"feature", "from", "to", "probability"}
    assert schemas["InstancesOut"]["properties"]["predictions"]["items"]["$ref"].endswith("/AnswerOut")
    assert "recourse" not in schemas["AnswerOut"]["properties"]


def test_a_tree_model_weighs_each_change_with_its_own_answers(client, post, db):
    version = model_version_create(artifact=train_artifact(preset="seed", algorithm="hgb"))
    model_version_activate(version=version, by="tests")
    predictor = active_model().predictor
    for person in (MARRIED_GRADUATE, {**MARRIED_GRADUATE, "marital_status": "Never-married", "age": 23}):
        body = post(person).json()
        assert body["model_version"] == version.pk and body["explanation"]["method"] == "tree_shap"
        for item in body["recourse"]:
            changed = {**person, item["feature"]: item["to"]}
            assert item["probability"] == pytest.approx(predictor.probabilities([changed])[0], abs=1e-9)
            assert (item["probability"] >= 0.5) != (body["probability"] >= 0.5)
    # The page shows the tree model's reasons, as it does the logistic model's.
    page = client.post("/", MARRIED_GRADUATE, headers=HTMX).content.decode()
    assert 'class="big-number"' in page and 'class="reason-list"' in page
