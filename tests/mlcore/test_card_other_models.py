"""The model card of models other than the default: one without sex or race, and gradient boosting."""

import json

import numpy as np
import pytest

import mlcore
from mlcore.trees import TreeExplainer

from .rawdata import DATA_DIR
from .test_report import card_of


def test_a_model_without_sex_or_race_still_gets_fairness_tables():
    names = ("age", "education", "hours_per_week")
    train, _ = mlcore.load_dataset(DATA_DIR / "adult.data", [*names, "sex", "race"])
    test, _ = mlcore.load_dataset(DATA_DIR / "adult.test", [*names, "sex", "race"])
    trained = mlcore.train(train, test, names, "logreg", "custom")
    card, _ = card_of(trained, train, test)
    flip = card["fairness"]["flip"]
    assert not flip["sex"]["in_model"] and flip["sex"]["changed"] == 0
    assert not flip["race"]["in_model"] and flip["race"]["by_group"] == []
    assert sum(row["n"] for row in card["fairness"]["sex"]) == len(test)
    assert card["training"]["features"] == list(names)


def test_gradient_boosting_gets_permutation_importance(full_hgb, full_split):
    card, _ = card_of(full_hgb, full_split.train, full_split.test, test_probabilities=full_hgb.test_probabilities)
    importance = card["importance"]
    assert importance["kind"] == "permutation" and importance["cost_seconds"] > 0
    assert {item["feature"] for item in importance["items"]} == set(mlcore.PRESETS["full"])
    values = [item["importance"] for item in importance["items"]]
    assert values == sorted(values, reverse=True) and values[0] > 0.01
    assert card["metrics"]["roc_auc"] == full_hgb.metrics["roc_auc"]
    # Beside it, the mean size of each input's exact contribution, recomputed by hand on the sample.
    moved = {item["feature"]: item["mean_abs_contribution"] for item in importance["items"]}
    assert all(value >= 0 for value in moved.values()) and max(moved.values()) > 0.1
    explainer = TreeExplainer(full_hgb.pipeline, full_hgb.schema)
    sample = np.sort(np.random.default_rng(0).choice(len(full_split.test), size=2_000, replace=False))
    records = full_split.test[list(full_hgb.schema.names)].iloc[sample].to_dict("records")
    by_hand = np.abs(explainer.contributions(records)).mean(axis=0)
    assert [moved[name] for name in full_hgb.schema.names] == pytest.approx(by_hand.tolist(), abs=1e-6)
    json.dumps(card, allow_nan=False)
