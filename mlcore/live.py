"""How a model does on real people, once their true outcomes are known.

Figures with 95% intervals: accuracy by the Wilson score interval (scipy), ROC AUC and the
Brier score by a percentile bootstrap with a fixed seed, and the expected calibration error
as the model card measures it. Below MIN_OUTCOMES outcomes nothing is claimed.
"""

import numpy as np
from scipy.stats import binomtest
from sklearn.metrics import brier_score_loss, roc_auc_score

from .evaluate import calibration, json_number
from .schema import THRESHOLD

MIN_OUTCOMES = 50
RESAMPLES, SEED = 200, 0


def _weighted_auc(w: np.ndarray, y: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """ROC AUC of each row of resample counts `w`, the items sorted by probability and
    `groups` marking where each run of equal probabilities starts: the chance a positive
    outranks a negative, a tie counting half (what roc_auc_score computes)."""
    pos = np.add.reduceat(w * y, groups, axis=1)
    neg = np.add.reduceat(w * (1 - y), groups, axis=1)
    below = np.cumsum(neg, axis=1) - neg
    with np.errstate(invalid="ignore", divide="ignore"):
        return (pos * (below + neg / 2)).sum(axis=1) / (pos.sum(axis=1) * neg.sum(axis=1))


def _bootstrap(y: np.ndarray, p: np.ndarray) -> dict[str, list[float | None]]:
    """95% percentile intervals of the Brier score and ROC AUC over RESAMPLES resamples.
    A resample is a count per outcome (how often it was drawn), so all resamples are one
    matrix product instead of RESAMPLES calls into scikit-learn; resamples are drawn in
    blocks to keep that matrix near a few million cells."""
    order = np.argsort(p, kind="stable")
    y, p = y[order], p[order]
    groups = np.flatnonzero(np.r_[True, p[1:] != p[:-1]])
    rng, n = np.random.default_rng(SEED), len(y)
    brier, auc = [], []
    block = max(1, min(RESAMPLES, 4_000_000 // n))
    for start in range(0, RESAMPLES, block):
        size = min(block, RESAMPLES - start)
        drawn = rng.integers(0, n, (size, n)) + np.arange(size)[:, None] * n  # one row per resample
        w = np.bincount(drawn.ravel(), minlength=size * n).reshape(size, n).astype(float)
        brier.append(w @ (p - y) ** 2 / n)
        auc.append(_weighted_auc(w, y, groups))
    auc = np.concatenate(auc)
    auc = auc[np.isfinite(auc)]  # ROC AUC needs both outcomes in a resample

    def interval(values):
        return [json_number(v) for v in np.quantile(values, [0.025, 0.975])] if len(values) else [None, None]

    return {"brier": interval(np.concatenate(brier)), "roc_auc": interval(auc)}


def live_figures(y, p, threshold: float = THRESHOLD) -> dict:
    """{"outcomes", "accuracy", "accuracy_interval", "roc_auc", "roc_auc_interval", "brier",
    "brier_interval", "ece"} for true outcomes `y` (0/1) and probabilities `p`; None for
    each figure below MIN_OUTCOMES outcomes, and for ROC AUC while only one outcome occurs."""
    y, p = np.asarray(y, dtype=int), np.asarray(p, dtype=float)
    n = len(y)
    figures = dict.fromkeys(("accuracy", "accuracy_interval", "roc_auc", "roc_auc_interval", "brier"), None)
    figures |= {"outcomes": n, "brier_interval": None, "ece": None}
    if n < MIN_OUTCOMES:
        return figures
    right = int(((p >= threshold) == (y == 1)).sum())
    interval = binomtest(right, n).proportion_ci(confidence_level=0.95, method="wilson")
    figures["accuracy"] = json_number(right / n)
    figures["accuracy_interval"] = [json_number(interval.low), json_number(interval.high)]
    figures["brier"] = json_number(brier_score_loss(y, p))
    intervals = _bootstrap(y.astype(float), p)
    figures["brier_interval"] = intervals["brier"]
    if 0 < y.sum() < n:
        figures["roc_auc"] = json_number(roc_auc_score(y, p))
        figures["roc_auc_interval"] = intervals["roc_auc"]
    figures["ece"] = calibration(y, p)["ece"]
    return figures
