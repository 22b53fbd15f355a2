"""The model card of real models on the real splits: complete, JSON-ready and consistent."""

import json
import math

import numpy as np
import pytest

import mlcore
from mlcore import evaluate
from mlcore.report import LIMITATIONS, PUBLISHED, model_card

CARD_KEYS = {
    *("metrics", "baseline", "published", "curves", "calibration", "confusion"),
    *("importance", "training", "fairness", "limitations"),
}
TRAINING_KEYS = {
    *("algorithm", "preset", "features", "rows_train", "rows_test", "missing"),
    *("data_sha256", "sklearn_version", "trained_at"),
}
METRIC_KEYS = {"roc_auc", "accuracy", "log_loss", "brier", "base_rate", "rows_test", "rows_train", "threshold"}
FLIP_KEYS = {"feature", "rows", "changed", "to_positive", "to_negative", "in_model"}
SUMMARY_KEYS = {"demographic_parity_difference", "demographic_parity_ratio", "equalized_odds_difference", "words"}
SHA = {"train": "a" * 64, "test": "b" * 64}


def card_of(trained, train_frame, test_frame, missing=None, **extra):
    return model_card(
        pipeline=trained.pipeline,
        schema=trained.schema,
        algorithm=trained.algorithm,
        preset=trained.preset,
        train_frame=train_frame,
        test_frame=test_frame,
        missing=missing or {"train": {}, "test": {}},
        data_sha256=SHA,
        trained_at="2026-01-01T00:00:00+00:00",
        **extra,
    )


@pytest.fixture(scope="module")
def seed_card(seed_model, seed_split):
    """The default model's card, as retrain builds it (the seed inputs include sex and race)."""
    missing = {"train": seed_split.train_report.not_stated, "test": seed_split.test_report.not_stated}
    return card_of(
        seed_model, seed_split.train, seed_split.test, missing, test_probabilities=seed_model.test_probabilities
    )


def test_the_card_has_every_key_and_is_json(seed_card):
    card, _ = seed_card
    assert set(card) == CARD_KEYS
    assert set(card["metrics"]) == METRIC_KEYS
    assert set(card["training"]) == TRAINING_KEYS
    assert set(card["fairness"]) == {"sex", "race", "summary", "flip"}
    assert set(card["fairness"]["flip"]["sex"]) == FLIP_KEYS
    assert set(card["fairness"]["flip"]["race"]) == FLIP_KEYS | {"by_group"}
    assert set(card["fairness"]["summary"]["race"]) == SUMMARY_KEYS
    assert card["importance"]["kind"] == "odds_ratio"
    assert json.loads(json.dumps(card, allow_nan=False)) == card


def test_the_card_agrees_with_training(seed_card, seed_model, seed_split):
    card, _ = seed_card
    assert card["metrics"] == {**seed_model.metrics, "threshold": 0.5}
    assert card["curves"]["roc_auc"] == seed_model.metrics["roc_auc"]
    y, p = seed_split.test["y"].to_numpy(), seed_model.test_probabilities
    assert card["confusion"] == evaluate.at_threshold(y, p, 0.5)
    assert card["confusion"]["accuracy"] == seed_model.metrics["accuracy"]
    assert card["baseline"]["probability"] == round(seed_split.train["y"].mean(), 6)
    assert card["metrics"]["roc_auc"] > card["baseline"]["roc_auc"]
    training = card["training"]
    assert training["features"] == list(mlcore.PRESETS["seed"]) and training["data_sha256"] == SHA
    assert (training["rows_train"], training["rows_test"]) == (len(seed_split.train), len(seed_split.test))
    assert training["missing"]["train"] == seed_split.train_report.not_stated


def test_the_scores_are_the_test_split_and_rebuild_the_same_card(seed_card, seed_model, seed_split):
    card, scores = seed_card
    y, p = evaluate.unpack_scores(scores)
    assert np.array_equal(y, seed_split.test["y"].to_numpy()) and np.array_equal(p, seed_model.test_probabilities)
    # Without the training's probabilities the card predicts them itself, and says the same.
    again, again_scores = card_of(seed_model, seed_split.train, seed_split.test, card["training"]["missing"])
    assert again == card and again_scores == scores


def odds(pipeline, row) -> float:
    p = pipeline.predict_proba(row)[0, 1]
    return p / (1 - p)


def test_odds_ratios_are_the_models_own(seed_card, seed_model, seed_split):
    items = seed_card[0]["importance"]["items"]
    education = [item for item in items if item["feature"] == "education"]
    assert {item["compared_with"] for item in education} == {"High school graduate"}  # the most common
    assert "HS-grad" not in {item["value"] for item in education}
    assert {item["feature"] for item in items} == set(mlcore.PRESETS["seed"])
    bachelors = next(item for item in education if item["value"] == "Bachelors")
    assert bachelors["value_label"] == "Bachelor's degree" and bachelors["feature_label"] == "Education"
    row = seed_split.test[list(seed_model.schema.names)].iloc[[0]]
    ratio = odds(seed_model.pipeline, row.assign(education="Bachelors")) / odds(
        seed_model.pipeline, row.assign(education="HS-grad")
    )
    assert math.isclose(bachelors["odds_ratio"], ratio, rel_tol=1e-5)
    (age,) = (item for item in items if item["feature"] == "age")
    assert (age["value"], age["value_label"], age["compared_with"]) == (None, None, "one more year")
    older = odds(seed_model.pipeline, row.assign(age=row["age"] + 1)) / odds(seed_model.pipeline, row)
    assert math.isclose(age["odds_ratio"], older, rel_tol=1e-5)


def test_the_default_models_fairness(seed_card, seed_split):
    fairness = seed_card[0]["fairness"]
    assert {row["group"] for row in fairness["sex"]} == {"Male", "Female"}
    assert sum(row["n"] for row in fairness["race"]) == len(seed_split.test)
    flip = fairness["flip"]
    assert flip["sex"]["in_model"] and flip["sex"]["changed"] > 0  # the seed model takes sex as an input
    assert len(flip["race"]["by_group"]) == seed_split.test["race"].nunique()
    assert "Female" in fairness["summary"]["sex"]["words"]


def test_published_figures_and_limitations_are_stated():
    assert [entry["model"] for entry in PUBLISHED] == ["Logistic regression, all inputs", "Tuned gradient boosting"]
    assert PUBLISHED[0]["roc_auc"] == 0.90
    assert (PUBLISHED[1]["roc_auc_low"], PUBLISHED[1]["roc_auc_high"]) == (0.925, 0.928)
    assert all(entry["source"] and "http" not in entry["source"] for entry in PUBLISHED)
    text = " ".join(LIMITATIONS)
    assert "1994" in text and "real person" in text and "tutorial" in text
