"""An API batch of a logistic model is answered and stored from text pieces (mlcore.columns):
the same figures as one record at a time, every id its own row's, the explanation stored
as an array that reads back as answered, and any record the quick check refuses sent down
the path that names its problems."""

import pytest

import mlcore
from predictor.models import Prediction
from predictor.registry import active_model
from predictor.services import model_version_create, model_version_shadow
from tests.api.conftest import PREDICTIONS, bearer
from tests.conftest import DATA_DIR


@pytest.fixture(scope="module")
def people() -> list[dict]:
    """2,500 people of the test split: more than one SQLite statement's worth of rows."""
    names = list(mlcore.PRESETS["seed"])
    frame, _ = mlcore.load_dataset(DATA_DIR / "adult.test", names)
    return frame[names].sample(n=2_500, random_state=1).to_dict("records")


def test_every_id_is_its_own_rows_with_the_figures_of_one_at_a_time(post, active_version, people):
    response = post({"instances": people})
    assert response.status_code == 201, response.content[:300]
    answers = response.json()["predictions"]
    predictor = active_model().predictor
    rows = Prediction.objects.in_bulk([a["id"] for a in answers])
    assert len(rows) == len(people)
    # The scorer's batch figures, as the batch path gave before (one record's may differ in the last bit).
    expected = predictor.probabilities([predictor.cleaned(person) for person in people])
    for person, answer, probability in zip(people, answers, expected, strict=True):
        row = rows[answer["id"]]
        assert row.inputs == person  # (jsonb keeps keys in an order of its own)
        assert (row.probability, row.label) == (answer["probability"], answer["label"])
        one = predictor.explanations([predictor.cleaned(person)])[0]  # the form's path, to the bit
        assert answer["explanation"] == one == mlcore.expand(row.explanation, row.inputs)
        assert answer["probability"] == probability


def test_the_explanation_is_stored_as_an_array_and_reads_back_as_answered(
    client, post, active_version, valid_record, api_key
):
    answer = post({"instances": [valid_record, valid_record]}).json()["predictions"][1]
    stored = Prediction.objects.get(pk=answer["id"]).explanation
    assert stored == [
        answer["explanation"]["base"],
        *(c["contribution"] for c in answer["explanation"]["contributions"]),
    ]
    read = client.get(f"{PREDICTIONS}/{answer['id']}", **bearer(api_key)).json()
    assert read["explanation"] == answer["explanation"] and read["inputs"] == valid_record


def test_a_record_the_quick_check_refuses_is_still_cleaned_or_named(post, active_version, valid_record):
    # 39.0 is the person's 39 (cleaned as ever); True is no number of hours.
    response = post({"instances": [valid_record, {**valid_record, "age": 39.0}]})
    assert response.status_code == 201
    assert Prediction.objects.get(pk=response.json()["predictions"][1]["id"]).inputs["age"] == 39
    count = Prediction.objects.count()
    response = post({"instances": [valid_record, {**valid_record, "hours_per_week": True}]})
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"index": 1, "field": "hours_per_week", "message": "must be a whole number from 1 to 99"}
    ]
    assert Prediction.objects.count() == count  # nothing of a bad batch is stored


def test_batch_rows_are_marked_for_the_shadow(post, active_version, seed_artifact, valid_record):
    shadow = model_version_shadow(version=model_version_create(artifact=seed_artifact), by="tests")
    answers = post({"instances": [valid_record] * 3}).json()["predictions"]
    marks = Prediction.objects.filter(pk__in=[a["id"] for a in answers]).values_list("shadow_version", flat=True)
    assert list(marks) == [shadow.pk] * 3
