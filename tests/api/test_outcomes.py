"""Outcomes: what truly happened, recorded by the key that predicted, and live accuracy from them."""

import json
import random
import re

import pytest
from django.contrib.auth.models import User
from django.test import Client

import mlcore
from predictor.models import Outcome
from predictor.monitoring import selectors as monitoring
from predictor.selectors import api_key_find
from predictor.services import predictions_create

from .conftest import PREDICTIONS, bearer, make_key


@pytest.fixture
def predicted(post, active_version, valid_record):
    """200 stored predictions from the test split, made with the `api_key` fixture's key."""
    from tests.conftest import DATA_DIR

    names = list(mlcore.resolve_features("seed"))
    frame, _ = mlcore.load_dataset(DATA_DIR / "adult.test", names)
    sample = frame.sample(200, random_state=0)
    answers = post({"instances": sample[names].to_dict("records")}).json()["predictions"]
    return answers, sample["y"].tolist()


def record(client, key, pk, value, body=None):
    data = body if isinstance(body, str) else json.dumps(body if body is not None else {"earns_over_50k": value})
    return client.post(f"{PREDICTIONS}/{pk}/outcome", data, content_type="application/json", **bearer(key))


def test_200_outcomes_make_live_accuracy_what_a_hand_count_says(client, api_key, predicted, active_version):
    answers, truths = predicted
    for answer, truth in zip(answers, truths, strict=True):
        assert record(client, api_key, answer["id"], bool(truth)).status_code == 201
    right = sum(a["label"] == bool(t) for a, t in zip(answers, truths, strict=True))
    (live,) = monitoring.live_quality()
    assert live["outcomes"] == 200 and live["predictions"] == 200
    assert live["accuracy"] == round(right / 200, 6)
    low, high = live["accuracy_interval"]
    assert low < live["accuracy"] < high
    brier = sum((a["probability"] - t) ** 2 for a, t in zip(answers, truths, strict=True)) / 200
    assert live["brier"] == pytest.approx(brier, abs=1e-6)
    expected = sum(max(a["probability"], 1 - a["probability"]) for a in answers) / 200
    assert live["expected_accuracy"] == pytest.approx(expected, abs=1e-6)
    held_out = active_version.metrics
    assert live["held_out"]["accuracy"] == held_out["accuracy"] and live["held_out"]["roc_auc"] == held_out["roc_auc"]
    assert live["held_out"]["ece"] == pytest.approx(active_version.card["calibration"]["ece"])
    # The staff dashboard shows that same figure in the version's row.
    staff = Client()
    staff.force_login(User.objects.create_superuser("staff", "staff@example.com", "pw-for-tests"))
    page = staff.get("/admin/dashboard/")
    (shown,) = [v for v in page.context["quality"] if v["id"] == active_version.pk]
    assert shown["accuracy"] == right / 200
    row = re.search(rf'<th scope="row">v{active_version.pk}</th>.*?</tr>', page.content.decode(), re.S).group(0)
    assert f'{right / 200:.3f} <span class="interval">' in row


def test_too_few_outcomes_claim_nothing(client, api_key, predicted):
    answers, truths = predicted
    for answer, truth in list(zip(answers, truths, strict=True))[: mlcore.MIN_OUTCOMES - 1]:
        record(client, api_key, answer["id"], bool(truth))
    (live,) = monitoring.live_quality()
    assert live["outcomes"] == mlcore.MIN_OUTCOMES - 1
    assert live["accuracy"] is None and live["roc_auc"] is None and live["brier"] is None
    assert live["expected_accuracy"] is not None  # needs no outcomes


def test_one_outcome_per_prediction_the_same_again_is_fine_a_different_one_409(client, api_key, predicted):
    pk = predicted[0][0]["id"]
    assert record(client, api_key, pk, True).status_code == 201
    again = record(client, api_key, pk, True)
    assert again.status_code == 200 and again.json()["earns_over_50k"] is True
    conflict = record(client, api_key, pk, False)
    assert conflict.status_code == 409 and "a different one is refused" in conflict.json()["detail"]
    stored = Outcome.objects.get()
    assert stored.earns_over_50k is True and stored.recorded_by.startswith("key cs_")


def test_only_the_key_that_predicted_may_record(client, predicted, db):
    pk = predicted[0][0]["id"]
    other = make_key("predict", "read")
    assert record(client, other, pk, True).status_code == 404
    assert record(client, None, pk, True).status_code == 401
    assert not Outcome.objects.exists()


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({"earns_over_50k": "yes"}, ["earns_over_50k"]),
        ({"earns_over_50k": 1}, ["earns_over_50k"]),
        ({}, ["earns_over_50k"]),
        ({"earns_over_50k": True, "x": 1}, ["x"]),  # the field that is wrong, not the one that is right
        ({"x": 1, "y": 2}, ["x", "y", "earns_over_50k"]),
    ],
)
def test_a_bad_body_names_the_field_and_stores_nothing(client, api_key, predicted, body, fields):
    response = record(client, api_key, predicted[0][0]["id"], None, body=body)
    assert response.status_code == 422
    assert [error["field"] for error in response.json()["errors"]] == fields
    assert not Outcome.objects.exists()


@pytest.mark.parametrize(("body", "said"), [([1], "must be a JSON object"), (" ", "the body is empty; send {")])
def test_a_body_that_is_no_object_is_a_400_saying_what_to_send(client, api_key, predicted, body, said):
    response = record(client, api_key, predicted[0][0]["id"], None, body=body)
    assert response.status_code == 400 and said in response.json()["detail"]
    assert '"earns_over_50k": true' in response.json()["detail"] and not Outcome.objects.exists()


def test_a_read_key_records_outcomes_one_by_one_as_in_bulk(client, active_version, valid_record):
    reader = make_key("read")
    stored = predictions_create(records=[valid_record], source="api", api_key=api_key_find(reader))
    assert record(client, reader, stored.ids[0], True).status_code == 201


def test_an_outcome_for_an_unknown_prediction_is_404(client, api_key, active_version):
    assert record(client, api_key, 999_999, True).status_code == 404


def test_random_probabilities_are_not_what_live_quality_reports(client, api_key, predicted):
    # A guard against a figure computed from the wrong column: shuffled truths change it.
    answers, truths = predicted
    shuffled = truths[:]
    random.Random(1).shuffle(shuffled)
    for answer, truth in zip(answers, shuffled, strict=True):
        record(client, api_key, answer["id"], bool(truth))
    right = sum(a["label"] == bool(t) for a, t in zip(answers, shuffled, strict=True))
    assert monitoring.live_quality()[0]["accuracy"] == round(right / 200, 6)
