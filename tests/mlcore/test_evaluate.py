"""Held-out measures, checked against small examples worked by hand."""

import json
import math
import struct

import numpy as np
import pytest
from sklearn.metrics import roc_auc_score

from mlcore import evaluate

Y = np.array([0, 0, 1, 1])
P = np.array([0.1, 0.4, 0.35, 0.8])


def test_metrics_of_a_tiny_example():
    metrics = evaluate.metrics(Y, P)
    # Of the four (negative, positive) pairs, only (0.4, 0.35) is ranked the wrong way.
    assert metrics["roc_auc"] == 0.75
    assert metrics["accuracy"] == 0.75  # 0.35 falls below 0.5
    assert metrics["brier"] == round((0.1**2 + 0.4**2 + 0.65**2 + 0.2**2) / 4, 6)
    assert metrics["log_loss"] == round(-(math.log(0.9) + math.log(0.6) + math.log(0.35) + math.log(0.8)) / 4, 6)
    assert (metrics["base_rate"], metrics["rows_test"]) == (0.5, 4)
    assert evaluate.metrics(Y, P, threshold=0.9)["accuracy"] == 0.5  # everyone "<=50K"


def test_baseline_is_the_training_base_rate_for_everyone():
    y_train, y_test = [0, 0, 0, 1], np.array([0, 1, 0, 0, 0])
    base = evaluate.baseline(y_train, y_test)
    assert (base["name"], base["predicts"], base["probability"]) == ("majority class", "<=50K", 0.25)
    assert base["roc_auc"] == 0.5
    assert base["accuracy"] == 0.8
    assert base["brier"] == round((4 * 0.25**2 + 0.75**2) / 5, 6)
    assert base["log_loss"] == round(-(4 * math.log(0.75) + math.log(0.25)) / 5, 6)
    assert evaluate.baseline([1, 1, 0], y_test)["predicts"] == ">50K"


def test_curves_run_from_corner_to_corner_in_drawing_order():
    rng = np.random.default_rng(0)
    y = rng.integers(0, 2, 2000)
    p = np.clip(0.3 * y + rng.random(2000) * 0.7, 0, 1)
    curves = evaluate.curves(y, p, points=51)
    roc, pr = curves["roc"], curves["pr"]
    assert 2 < len(roc) <= 51 and 2 < len(pr) <= 51
    assert (roc[0]["fpr"], roc[0]["tpr"], roc[-1]["fpr"], roc[-1]["tpr"]) == (0, 0, 1, 1)
    assert roc[0]["threshold"] is None  # no probability reaches scikit-learn's first threshold
    assert all(a["fpr"] <= b["fpr"] and a["tpr"] <= b["tpr"] for a, b in zip(roc, roc[1:], strict=False))
    assert (pr[0]["recall"], pr[0]["precision"], pr[0]["threshold"]) == (0, 1, None)
    assert pr[-1]["recall"] == 1 and pr[-1]["precision"] == round(y.mean(), 6)
    assert all(a["recall"] <= b["recall"] for a, b in zip(pr, pr[1:], strict=False))
    assert curves["roc_auc"] == round(roc_auc_score(y, p), 6)
    json.dumps(curves, allow_nan=False)


def test_a_short_curve_is_kept_whole():
    roc = evaluate.curves(Y, P)["roc"]
    assert [(point["fpr"], point["tpr"]) for point in roc] == [(0, 0), (0, 0.5), (0.5, 0.5), (0.5, 1), (1, 1)]
    assert [point["threshold"] for point in roc] == [None, 0.8, 0.4, 0.35, 0.1]


def test_calibration_and_its_error_by_hand():
    p = np.array([0.05, 0.15, 0.12, 0.95, 1.0, 0.3])
    y = np.array([0, 1, 0, 1, 1, 0])
    calibration = evaluate.calibration(y, p)
    bins = calibration["bins"]
    assert [(b["low"], b["high"]) for b in bins] == [(i / 10, (i + 1) / 10) for i in range(10)]
    assert [b["n"] for b in bins] == [1, 2, 0, 1, 0, 0, 0, 0, 0, 2]  # 0.3 opens its bin; 1.0 joins the last
    assert (bins[1]["predicted"], bins[1]["observed"]) == (0.135, 0.5)
    assert (bins[2]["predicted"], bins[2]["observed"]) == (None, None)
    # Gaps 0.05, 0.365, 0.3 and 0.025, weighted by 1, 2, 1 and 2 rows of 6.
    assert calibration["ece"] == round((0.05 + 2 * 0.365 + 0.3 + 2 * 0.025) / 6, 6)


def test_perfectly_calibrated_bins_have_no_error():
    p = np.array([0.25] * 4 + [0.75] * 4)
    y = np.array([1, 0, 0, 0, 1, 1, 1, 0])
    assert evaluate.calibration(y, p, bins=4)["ece"] == 0


def test_at_threshold_against_a_hand_count():
    y = [1, 1, 0, 0, 1, 0]
    p = [0.9, 0.4, 0.6, 0.1, 0.5, 0.5]
    counts = evaluate.at_threshold(y, p, 0.5)
    # Predicted >50K: rows 0, 2, 4, 5 (a probability equal to the threshold counts).
    assert {k: counts[k] for k in ("tp", "fp", "tn", "fn")} == {"tp": 2, "fp": 2, "tn": 1, "fn": 1}
    assert (counts["threshold"], counts["accuracy"], counts["precision"]) == (0.5, 0.5, 0.5)
    assert (counts["recall"], counts["selection_rate"]) == (round(2 / 3, 6), round(4 / 6, 6))


def test_undefined_rates_are_null():
    nobody = evaluate.at_threshold([1, 0, 1], [0.2, 0.1, 0.3], 0.9)
    assert (nobody["precision"], nobody["recall"], nobody["selection_rate"]) == (None, 0, 0)
    no_positives = evaluate.at_threshold([0, 0], [0.2, 0.7], 0.5)
    assert (no_positives["recall"], no_positives["precision"]) == (None, 0)
    json.dumps(nobody, allow_nan=False)


def test_scores_round_trip_exactly():
    rng = np.random.default_rng(1)
    y, p = rng.integers(0, 2, 1000), rng.random(1000)
    p[:3] = [0.0, 1.0, 1e-300]
    data = evaluate.pack_scores(y, p)
    assert len(data) == 9 * 1000
    assert data[:8] == struct.pack("<d", p[0]) and data[8 * 1000] == y[0]
    back_y, back_p = evaluate.unpack_scores(memoryview(data))
    assert np.array_equal(back_p, p) and np.array_equal(back_y, y)
    assert back_p.dtype == np.float64 and back_y.dtype.kind == "i"


def test_bad_scores_are_refused():
    with pytest.raises(ValueError, match="0 or 1"):
        evaluate.pack_scores([0, 2], [0.1, 0.2])
    with pytest.raises(ValueError, match="one length"):
        evaluate.pack_scores([0, 1], [0.1])
    with pytest.raises(ValueError, match="whole number"):
        evaluate.unpack_scores(b"\x00" * 10)
