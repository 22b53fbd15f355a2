"""Drift: the test split looks like the training split; a narrow age band does not."""

import random

import pytest

from mlcore.drift import MIN_ROWS, band, compare, log_odds_shift, profile, value_counts
from mlcore.explain import Explainer, term_averages
from mlcore.fitted import linear_weights


@pytest.fixture(scope="module")
def stored(seed_model, seed_split):
    return profile(seed_split.train, seed_model.schema)


def measure(stored, records):
    return compare(stored, value_counts(records, stored["features"]), len(records))


def shift(explainer, records):
    return log_odds_shift(explainer, value_counts(records, explainer.names), len(records))


@pytest.fixture(scope="module")
def test_records(seed_model, seed_split):
    return seed_split.test[list(seed_model.schema.names)].to_dict("records")


def test_the_profile_holds_every_input_and_its_shares_add_up(stored, seed_model):
    assert list(stored["features"]) == list(seed_model.schema.names)
    for reference in stored["features"].values():
        assert sum(reference["shares"]) == pytest.approx(1.0)


def test_two_thousand_rows_from_the_test_split_are_stable(stored, test_records):
    sample = random.Random(0).sample(test_records, 2000)
    result = measure(stored, sample)
    assert {r["band"] for r in result} == {"stable"}, result


def test_only_ages_17_to_25_puts_age_in_the_act_band_and_nothing_else(stored, test_records):
    young = [r for r in test_records if 17 <= r["age"] <= 25]
    sample = random.Random(0).sample(young, 2000)
    bands = {r["feature"]: r["band"] for r in measure(stored, sample)}
    assert bands["age"] == "act"
    assert bands["race"] == "stable" and bands["sex"] == "stable"


def test_too_few_rows_are_said_not_guessed(stored, test_records):
    result = measure(stored, test_records[: MIN_ROWS - 1])
    assert all(r["psi"] is None and r["band"] is None for r in result)


def test_an_answer_the_training_data_never_had_counts_as_drift(stored, test_records):
    sample = [{**r, "workclass": "Astronaut"} for r in test_records[:1000]]
    bands = {r["feature"]: r["band"] for r in measure(stored, sample)}
    assert bands["workclass"] == "act"


def test_bands_follow_the_conventional_limits():
    assert [band(x) for x in (0.0, 0.099, 0.1, 0.25, 0.3)] == ["stable", "stable", "watch", "act", "act"]


def test_the_log_odds_shift_is_each_inputs_average_contribution(seed_model, seed_split, test_records):
    weights = linear_weights(seed_model.pipeline, seed_model.schema)
    explainer = Explainer(weights, term_averages(weights, seed_split.train), seed_model.schema.names)
    training = seed_split.train[list(seed_model.schema.names)].to_dict("records")
    assert all(abs(v) < 1e-9 for v in shift(explainer, training).values())
    young = [r for r in test_records if r["age"] <= 25][:2000]
    moved = shift(explainer, young)
    assert moved["age"] < -0.1  # the young are less likely to earn over $50K, and age says so
    by_hand = sum(explainer.contribution("age", r["age"]) for r in young) / len(young)
    assert moved["age"] == pytest.approx(by_hand, abs=1e-6)
    assert shift(explainer, young[:10]) is None
