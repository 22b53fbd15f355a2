"""Per-group rates and their gaps, against fairlearn and hand counts."""

import json

import numpy as np
import pandas as pd
import pytest
from fairlearn.metrics import (
    MetricFrame,
    demographic_parity_difference,
    demographic_parity_ratio,
    equalized_odds_difference,
    false_positive_rate,
    true_positive_rate,
)

from mlcore import fairness


def people(n: int, positives: int, selected_positives: int, selected_negatives: int) -> tuple[list, list]:
    """n people of one group: (labels, decisions) with the given counts."""
    y = [1] * positives + [0] * (n - positives)
    decided = [1] * selected_positives + [0] * (positives - selected_positives)
    decided += [1] * selected_negatives + [0] * (n - positives - selected_negatives)
    return y, decided


@pytest.fixture
def groups_data():
    """White: 100 people, 40 over $50K. Black: 50, 20. Other: 20 (too few rows).
    Amer-Indian-Eskimo: 40 with 5 over $50K (too few for a TPR)."""
    parts = {
        "White": people(100, 40, 30, 6),
        "Black": people(50, 20, 10, 3),
        "Other": people(20, 10, 5, 1),
        "Amer-Indian-Eskimo": people(40, 5, 2, 7),
    }
    y = np.concatenate([part[0] for part in parts.values()])
    decided = np.concatenate([part[1] for part in parts.values()])
    groups = pd.Series(np.repeat(list(parts), [len(part[0]) for part in parts.values()]), name="race")
    return y, decided, groups


def test_group_table_matches_hand_counts_and_fairlearn(groups_data):
    y, decided, groups = groups_data
    table = fairness.group_table(y, decided, groups)
    assert [row["group"] for row in table] == ["White", "Black", "Amer-Indian-Eskimo", "Other"]  # largest first
    white, black = table[0], table[1]
    assert (white["label"], white["n"], white["positives"], white["too_small"]) == ("White", 100, 40, False)
    assert (white["selection_rate"]["value"], white["tpr"]["value"], white["fpr"]["value"]) == (0.36, 0.75, 0.1)
    assert (black["selection_rate"]["value"], black["tpr"]["value"], black["fpr"]["value"]) == (0.26, 0.5, 0.1)
    rates = {"tpr": true_positive_rate, "fpr": false_positive_rate}
    frame = MetricFrame(metrics=rates, y_true=y, y_pred=decided, sensitive_features=groups).by_group
    assert (black["tpr"]["value"], black["fpr"]["value"]) == tuple(frame.loc["Black"].round(6))
    for row in (white, black):
        for rate in ("selection_rate", "tpr", "fpr"):
            assert row[rate]["low"] <= row[rate]["value"] <= row[rate]["high"]
            assert row[rate]["low"] < row[rate]["high"]
    json.dumps(table, allow_nan=False)


def test_small_groups_are_marked_and_their_rates_left_out(groups_data):
    table = {row["group"]: row for row in fairness.group_table(*groups_data)}
    other, indian = table["Other"], table["Amer-Indian-Eskimo"]
    assert other["too_small"] and other["n"] == 20
    assert other["selection_rate"] == other["tpr"] == other["fpr"] == {"value": None, "low": None, "high": None}
    assert indian["too_small"] and indian["label"] == "American Indian or Eskimo"
    assert indian["tpr"]["value"] is None  # 5 people over $50K
    assert indian["selection_rate"]["value"] == 0.225 and indian["fpr"]["value"] == 0.2


def test_group_table_repeats_and_ignores_the_index(groups_data):
    y, decided, groups = groups_data
    first = fairness.group_table(y, decided, groups)
    assert fairness.group_table(y, decided, groups) == first
    # A frame's filtered or shuffled index must not realign the groups with other rows.
    shuffled = pd.Series(groups.to_numpy(), index=np.arange(len(groups))[::-1] * 7, name="race")
    assert fairness.group_table(y, decided, shuffled) == first


def test_summary_equals_fairlearn(groups_data):
    y, decided, groups = groups_data
    summary = fairness.summary(y, decided, groups)
    on = {"sensitive_features": groups}
    assert summary["demographic_parity_difference"] == round(demographic_parity_difference(y, decided, **on), 6)
    assert summary["demographic_parity_ratio"] == round(demographic_parity_ratio(y, decided, **on), 6)
    assert summary["equalized_odds_difference"] == round(equalized_odds_difference(y, decided, **on), 6)
    words = summary["words"]
    # Selection rates: White 36%, Black 26%, Other 30%, American Indian or Eskimo 22.5%.
    assert "American Indian or Eskimo are predicted to earn over $50K least often (22.5%)" in words
    assert "White most often (36.0%)" in words
    assert "too small" in words and "Other" in words


def test_summary_of_equal_groups():
    y, decided = people(60, 20, 10, 4)
    summary = fairness.summary(y + y, decided + decided, pd.Series(["Male"] * 60 + ["Female"] * 60, name="sex"))
    assert summary["demographic_parity_difference"] == 0 and summary["demographic_parity_ratio"] == 1
    assert summary["equalized_odds_difference"] == 0 and "too small" not in summary["words"]


@pytest.mark.parametrize("feature", ["sex", "race"])
def test_metric_frame_of_counts_equals_fairlearn_on_every_person(seed_model, seed_split, feature):
    """The frame built from weighted counts holds the very floats fairlearn gives when handed
    each of the 16,281 test rows."""
    y, groups = seed_split.test["y"].to_numpy(), seed_split.test[feature]
    decided = np.asarray(seed_model.test_probabilities) >= 0.5
    counted = fairness.metric_frame(y, decided, groups)
    every = MetricFrame(
        metrics=fairness.RATES, y_true=y.astype(int), y_pred=decided.astype(int), sensitive_features=groups
    )
    pd.testing.assert_frame_equal(counted.by_group, every.by_group, check_exact=True)
    assert counted.difference().to_dict() == every.difference().to_dict()
    assert counted.ratio().to_dict() == every.ratio().to_dict()


def test_metric_frame_of_counts_equals_fairlearn_for_odd_groups():
    """A group with no one over $50K, one whose people all share one truth and decision, and
    one of a single person: the counted frame still holds fairlearn's floats."""
    parts = {"A": people(37, 0, 0, 5), "B": people(12, 12, 12, 0), "C": people(1, 1, 0, 0), "D": people(50, 17, 9, 4)}
    y = np.concatenate([part[0] for part in parts.values()])
    decided = np.concatenate([part[1] for part in parts.values()])
    groups = pd.Series(np.repeat(list(parts), [len(part[0]) for part in parts.values()]), name="race")
    counted = fairness.metric_frame(y, decided, groups)
    every = MetricFrame(metrics=fairness.RATES, y_true=y, y_pred=decided, sensitive_features=groups)
    pd.testing.assert_frame_equal(counted.by_group, every.by_group, check_exact=True)
    assert counted.by_group.loc["C", "selection_rate"] == 0 and counted.by_group.loc["B", "tpr"] == 1
    assert counted.difference().to_dict() == every.difference().to_dict()
