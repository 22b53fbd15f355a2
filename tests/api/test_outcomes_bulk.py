"""POST /api/v1/outcomes: many outcomes in one request, all or nothing, by the key that predicted."""

import json

import pytest

import mlcore
from predictor.models import Outcome
from predictor.selectors import api_key_find
from predictor.services import predictions_create

from .conftest import bearer, make_key

OUTCOMES = "/api/v1/outcomes"


@pytest.fixture
def predicted(post, active_version):
    """500 stored predictions from the test split, made with the `api_key` fixture's key,
    and what truly happened to each."""
    from tests.conftest import DATA_DIR

    names = list(mlcore.resolve_features("seed"))
    frame, _ = mlcore.load_dataset(DATA_DIR / "adult.test", names)
    sample = frame.sample(500, random_state=0)
    answers = post({"instances": sample[names].to_dict("records")}).json()["predictions"]
    return answers, [bool(y) for y in sample["y"]]


def send(client, key, body):
    return client.post(OUTCOMES, json.dumps(body), content_type="application/json", **bearer(key))


def items(pairs) -> dict:
    return {"outcomes": [{"prediction": pk, "earns_over_50k": value} for pk, value in pairs]}


def test_500_outcomes_show_in_monitoring_with_the_hand_counted_accuracy(client, api_key, predicted, active_version):
    answers, truths = predicted
    response = send(client, api_key, items((a["id"], t) for a, t in zip(answers, truths, strict=True)))
    assert response.status_code == 201 and response.json() == {"recorded": 500, "unchanged": 0}
    assert Outcome.objects.filter(recorded_by__startswith="key cs_").count() == 500
    right = sum(a["label"] == t for a, t in zip(answers, truths, strict=True))
    monitoring = client.get("/api/v1/monitoring", **bearer(api_key)).json()
    (live,) = [v for v in monitoring["versions"] if v["id"] == active_version.pk]
    assert live["outcomes"] == 500
    assert live["accuracy"] == pytest.approx(right / 500, abs=1e-6)


def test_a_read_only_key_may_record_and_a_repeat_is_unchanged(client, active_version, valid_record):
    # A read-only key cannot predict through the API; its rows are made here as a key whose
    # predict scope was taken away would have made them.
    reader = make_key("read")
    stored = predictions_create(records=[valid_record] * 2, source="api", api_key=api_key_find(reader))
    a, b = stored.ids
    assert send(client, reader, items([(a, True)])).json() == {"recorded": 1, "unchanged": 0}
    again = send(client, reader, items([(a, True), (b, False), (b, False)]))
    assert again.status_code == 201 and again.json() == {"recorded": 1, "unchanged": 2}
    # Nothing new at all: 200, as the single outcome's endpoint answers a repeat.
    repeat = send(client, reader, items([(a, True), (b, False)]))
    assert repeat.status_code == 200 and repeat.json() == {"recorded": 0, "unchanged": 2}
    assert Outcome.objects.get(prediction_id=b).recorded_by.startswith("key cs_")


def test_another_keys_prediction_is_not_found_and_nothing_is_stored(client, api_key, predicted):
    answers, truths = predicted
    other = make_key("predict")
    response = send(client, other, items([(answers[0]["id"], truths[0]), (answers[1]["id"], truths[1])]))
    assert response.status_code == 422
    assert [(e["index"], e["field"]) for e in response.json()["errors"]] == [(0, "prediction"), (1, "prediction")]
    assert "not found" in response.json()["errors"][0]["message"]
    # The key's own predictions, with one that is not, are refused together.
    mixed = items([(answers[0]["id"], truths[0]), (999_999, True)])
    response = send(client, api_key, mixed)
    assert response.status_code == 422 and [e["index"] for e in response.json()["errors"]] == [1]
    assert not Outcome.objects.exists()


def test_a_contradiction_names_what_was_recorded(client, api_key, predicted):
    pk = predicted[0][0]["id"]
    send(client, api_key, items([(pk, True)]))
    fresh = predicted[0][1]["id"]
    response = send(client, api_key, items([(fresh, True), (pk, False)]))
    assert response.status_code == 422
    (error,) = response.json()["errors"]
    assert error["index"] == 1 and error["field"] == "earns_over_50k"
    assert f"prediction {pk} already has the outcome income over $50K" in error["message"]
    assert list(Outcome.objects.values_list("prediction_id", "earns_over_50k")) == [(pk, True)]


def test_items_of_the_wrong_shape_are_named_by_index(client, api_key, predicted):
    pk = predicted[0][0]["id"]
    body = {
        "outcomes": [
            {"prediction": pk, "earns_over_50k": True},
            {"prediction": str(pk), "earns_over_50k": "yes"},
            {"prediction": True, "earns_over_50k": False, "note": 1},
            {"earns_over_50k": False},
            [pk, True],
            {"prediction": 2**63, "earns_over_50k": True},
        ]
    }
    response = send(client, api_key, body)
    assert response.status_code == 422
    assert [(e["index"], e["field"]) for e in response.json()["errors"]] == [
        (1, "prediction"),
        (1, "earns_over_50k"),
        (2, "note"),
        (2, "prediction"),
        (3, "prediction"),
        (4, "outcomes"),
        (5, "prediction"),
    ]
    assert not Outcome.objects.exists()
