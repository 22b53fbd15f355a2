"""mlcore.live: live figures from true outcomes, and the bootstrap that gives their intervals."""

import numpy as np
import pytest
from scipy.stats import binomtest
from sklearn.metrics import brier_score_loss, roc_auc_score

from mlcore import live


def outcomes(n: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Outcomes that follow their probabilities, rounded so that ties occur."""
    rng = np.random.default_rng(seed)
    p = np.round(rng.random(n), 2)
    return (rng.random(n) < p).astype(float), p


@pytest.mark.parametrize("seed", range(5))
def test_a_resample_counted_by_weights_has_scikit_learns_roc_auc(seed):
    y, p = outcomes(500, seed)
    pick = np.random.default_rng(seed + 100).integers(0, len(y), len(y))
    order = np.argsort(p, kind="stable")
    groups = np.flatnonzero(np.r_[True, p[order][1:] != p[order][:-1]])
    weights = np.bincount(pick, minlength=len(y))[order].astype(float)[None, :]
    auc = live._weighted_auc(weights, y[order], groups)[0]
    assert auc == pytest.approx(roc_auc_score(y[pick], p[pick]), abs=1e-12)


def test_figures_match_scikit_learn_and_the_intervals_hold_them():
    y, p = outcomes(2_000)
    figures = live.live_figures(y, p)
    right = int(((p >= 0.5) == (y == 1)).sum())
    assert figures["outcomes"] == 2_000
    assert figures["accuracy"] == pytest.approx(right / 2_000, abs=1e-6)
    wilson = binomtest(right, 2_000).proportion_ci(method="wilson")
    assert figures["accuracy_interval"] == pytest.approx([wilson.low, wilson.high], abs=1e-6)
    assert figures["roc_auc"] == pytest.approx(roc_auc_score(y, p), abs=1e-6)
    assert figures["brier"] == pytest.approx(brier_score_loss(y, p), abs=1e-6)
    for name in ("roc_auc", "brier"):
        low, high = figures[f"{name}_interval"]
        assert low < figures[name] < high
        assert high - low < 0.1
    assert figures["ece"] is not None


def test_the_same_outcomes_give_the_same_intervals():
    y, p = outcomes(300)
    assert live.live_figures(y, p) == live.live_figures(y, p)


def test_below_the_minimum_nothing_is_claimed():
    y, p = outcomes(live.MIN_OUTCOMES - 1)
    figures = live.live_figures(y, p)
    assert figures["outcomes"] == live.MIN_OUTCOMES - 1
    assert all(figures[k] is None for k in figures if k != "outcomes")


def test_one_outcome_only_has_no_roc_auc_but_a_brier_score():
    p = np.linspace(0.1, 0.9, 80)
    figures = live.live_figures(np.ones(80), p)
    assert figures["roc_auc"] is None and figures["roc_auc_interval"] is None
    assert figures["brier"] == pytest.approx(float(np.mean((p - 1) ** 2)), abs=1e-6)
    assert figures["brier_interval"][0] <= figures["brier"] <= figures["brier_interval"][1]
