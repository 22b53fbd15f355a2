"""Held-out measures of a model's probabilities: plain numbers, ready for a JSONField.

Every function takes the test labels `y` (0/1, 1 for >50K) and probabilities `p` of >50K,
so the card can be rebuilt from stored scores (`pack_scores`) without the model.
"""

import math

import numpy as np
from sklearn.metrics import (
    accuracy_score,
    average_precision_score,
    brier_score_loss,
    confusion_matrix,
    log_loss,
    precision_recall_curve,
    roc_auc_score,
    roc_curve,
)

from .schema import THRESHOLD, label_text


def json_number(value) -> float | None:
    """A float rounded to 6 decimals; None for None, infinity and NaN (JSON has neither of
    the last two, and PostgreSQL's jsonb refuses them)."""
    if value is None:
        return None
    value = float(value)
    return round(value, 6) if math.isfinite(value) else None


def metrics(y, p, threshold=THRESHOLD) -> dict:
    """ROC AUC, accuracy at `threshold`, log loss, Brier score, base rate and row count."""
    y, p = np.asarray(y), np.asarray(p, dtype=float)
    return {
        "roc_auc": json_number(roc_auc_score(y, p)),
        "accuracy": json_number(accuracy_score(y, p >= threshold)),
        "log_loss": json_number(log_loss(y, p, labels=[0, 1])),
        "brier": json_number(brier_score_loss(y, p, pos_label=1)),
        "base_rate": json_number(y.mean()),
        "rows_test": int(len(y)),
    }


def baseline(y_train, y_test) -> dict:
    """The majority-class model: the training base rate as everyone's probability."""
    rate = float(np.mean(y_train))
    y_test = np.asarray(y_test)
    label = int(rate >= 0.5)  # the class of half the training rows or more, not the threshold
    constant = np.full(len(y_test), rate)
    return {
        "name": "majority class",
        "predicts": label_text(label),
        "probability": json_number(rate),
        "roc_auc": 0.5,  # one score for everyone ranks no one above anyone
        "accuracy": json_number(np.mean(y_test == label)),
        "log_loss": json_number(log_loss(y_test, constant, labels=[0, 1])),
        "brier": json_number(brier_score_loss(y_test, constant, pos_label=1)),
    }


def _points(points: int, **columns) -> list[dict]:
    """At most `points` rows of the given columns, evenly spread, first and last kept."""
    n = len(next(iter(columns.values())))
    keep = np.unique(np.linspace(0, n - 1, min(n, max(points, 2))).round().astype(int))
    return [{name: json_number(values[i]) for name, values in columns.items()} for i in keep]


def curves(y, p, points=101) -> dict:
    """ROC and precision-recall curves thinned to at most `points` points each, for drawing.

    A threshold is null where no probability reaches it (the ROC curve's start) or where the
    point has none (the precision-recall curve's recall-0 end, which scikit-learn adds).
    """
    y, p = np.asarray(y), np.asarray(p, dtype=float)
    fpr, tpr, roc_thresholds = roc_curve(y, p)
    precision, recall, pr_thresholds = precision_recall_curve(y, p)
    # scikit-learn lists recall falling; reversed it rises, the way the curve is drawn.
    pr_thresholds = np.concatenate([[np.nan], pr_thresholds[::-1]])
    return {
        "roc": _points(points, fpr=fpr, tpr=tpr, threshold=roc_thresholds),
        "pr": _points(points, recall=recall[::-1], precision=precision[::-1], threshold=pr_thresholds),
        "roc_auc": json_number(roc_auc_score(y, p)),
        "average_precision": json_number(average_precision_score(y, p)),
    }


def calibration(y, p, bins=10) -> dict:
    """Predicted against observed rates in equal-width bins of probability, and the
    expected calibration error (the bins' gaps weighted by their share of rows).

    scikit-learn's calibration_curve drops empty bins and does not count rows, both of
    which the card shows, so the bins are counted here.
    """
    y, p = np.asarray(y, dtype=float), np.asarray(p, dtype=float)
    # floor(p * bins) puts p = 0.3 in [0.3, 0.4) where edges from linspace put it below;
    # p = 1.0 joins the last bin.
    index = np.minimum((p * bins).astype(int), bins - 1)
    counts = np.bincount(index, minlength=bins)
    predicted = np.bincount(index, weights=p, minlength=bins)
    observed = np.bincount(index, weights=y, minlength=bins)
    table = []
    for b, n in enumerate(counts.tolist()):
        means = (predicted[b] / n, observed[b] / n) if n else (None, None)
        edges = {"low": json_number(b / bins), "high": json_number((b + 1) / bins), "n": n}
        table.append(edges | dict(zip(("predicted", "observed"), map(json_number, means), strict=True)))
    # n_b/N * |observed_b - predicted_b| is |sum of y - sum of p| over the bin, divided by N.
    return {"bins": table, "ece": json_number(np.abs(observed - predicted).sum() / len(y))}


def at_threshold(y, p, threshold) -> dict:
    """The confusion counts and rates when p >= threshold predicts >50K."""
    y, decided = np.asarray(y), np.asarray(p, dtype=float) >= threshold
    tn, fp, fn, tp = (int(n) for n in confusion_matrix(y, decided, labels=[0, 1]).ravel())
    total = tn + fp + fn + tp
    counts = {"tp": tp, "fp": fp, "tn": tn, "fn": fn}
    return {
        "threshold": float(threshold),
        **counts,
        "accuracy": json_number((tp + tn) / total),
        "precision": json_number(tp / (tp + fp)) if tp + fp else None,
        "recall": json_number(tp / (tp + fn)) if tp + fn else None,
        "selection_rate": json_number((tp + fp) / total),
    }


def pack_scores(y, p) -> bytes:
    """Labels and probabilities as bytes: n float64 (little-endian) probabilities, then n
    uint8 labels. Exact where JSON numbers would be rounded, and under half their size."""
    y, p = np.asarray(y), np.asarray(p, dtype=float)
    if y.shape != p.shape or y.ndim != 1:
        raise ValueError(f"labels and probabilities must be two 1-D arrays of one length; got {y.shape}, {p.shape}")
    if not np.isin(y, (0, 1)).all():
        raise ValueError("labels must be 0 or 1")
    return p.astype("<f8").tobytes() + y.astype(np.uint8).tobytes()


def unpack_scores(data: bytes) -> tuple[np.ndarray, np.ndarray]:
    """The inverse of `pack_scores`: (y as int 0/1, p as float64)."""
    data = bytes(data)  # a database driver may hand back a memoryview
    if len(data) % 9:
        raise ValueError(f"{len(data)} bytes is not a whole number of (float64, uint8) scores")
    n = len(data) // 9
    p = np.frombuffer(data, dtype="<f8", count=n).astype(np.float64)
    y = np.frombuffer(data, dtype=np.uint8, offset=8 * n).astype(np.int64)
    return y, p
