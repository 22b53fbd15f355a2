"""Permutation importance for the model card, predicted in one call.

scikit-learn's permutation_importance predicts the whole sample once per input and shuffle
(37 calls for 12 inputs and 3 shuffles), each through the pipeline's encoder. Here every
shuffled copy is stacked and predicted at once, and only the rows a shuffle changed: a row
whose shuffled value is its own (most rows of capital_gain, which is mostly 0) scores as
the unshuffled row does, a model answering each row on its own. The shuffles and the
scorer are scikit-learn's (ROC AUC of the decision function), so the numbers are too;
tests/mlcore/test_permutation.py holds them equal.
"""

import time
from collections.abc import Callable

import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score
from sklearn.pipeline import Pipeline

from .evaluate import json_number
from .schema import FEATURES

ROWS = 2000  # 5,000 took 8 s of a 17 s hgb retrain here; the ranking held


def respond(pipeline, frame: pd.DataFrame, method: str = "predict_proba") -> np.ndarray:
    """`pipeline.<method>(frame)`, the same numbers, sooner for gradient boosting: its
    encoded rows are handed over column by column (Fortran order). It walks each tree over
    all rows and reads one column per split; the 16,281 test rows took 0.68 s in row order
    and 0.26 s in column order here."""
    if not isinstance(pipeline, Pipeline) or len(pipeline.steps) < 2:
        return getattr(pipeline, method)(frame)
    encoded = pipeline[:-1].transform(frame)
    if isinstance(encoded, np.ndarray):  # a sparse matrix (the logistic model's) stays as it is
        encoded = np.asfortranarray(encoded)
    return getattr(pipeline[-1], method)(encoded)


def shuffles(n: int, repeats: int, seed: int) -> list[np.ndarray]:
    """The row order of a column after each shuffle, as permutation_importance draws them
    with random_state=seed: one seed drawn from it gives every column the same generator,
    and each shuffle reorders the column already shuffled."""
    column_seed = np.random.RandomState(seed).randint(np.iinfo(np.int32).max + 1)
    state, shuffled, order, orders = np.random.RandomState(column_seed), np.arange(n), np.arange(n), []
    for _ in range(repeats):
        state.shuffle(shuffled)  # in place, as scikit-learn shuffles its index
        order = order[shuffled]
        orders.append(order)
    return orders


def importance(pipeline, rows: pd.DataFrame, y, *, repeats: int = 3, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Mean and standard deviation over `repeats` shuffles of the drop in ROC AUC when one
    column of `rows` is shuffled, column by column: `permutation_importance(pipeline, rows,
    y, scoring="roc_auc", n_repeats=repeats, random_state=seed)`'s importances_mean and
    importances_std."""
    # The roc_auc scorer asks for the decision function first, then the probabilities.
    method = "decision_function" if hasattr(pipeline, "decision_function") else "predict_proba"

    def scores(frame):
        answers = np.asarray(respond(pipeline, frame, method))
        return answers if answers.ndim == 1 else answers[:, 1]

    y, base = np.asarray(y), scores(rows)
    base_auc = roc_auc_score(y, base)
    copies, changed = [], []
    for name in rows.columns:
        values = rows[name].to_numpy()
        for order in shuffles(len(rows), repeats, seed):
            moved = values[order] != values
            copies.append(rows[moved].assign(**{name: values[order][moved]}))
            changed.append(moved)
    total = sum(int(moved.sum()) for moved in changed)
    answers = scores(pd.concat(copies)) if total else np.empty(0)
    drops, start = [], 0
    for moved in changed:
        shuffled = base.copy()
        shuffled[moved] = answers[start : start + int(moved.sum())]
        start += int(moved.sum())
        drops.append(base_auc - roc_auc_score(y, shuffled))
    drops = np.reshape(drops, (len(rows.columns), repeats))
    return drops.mean(axis=1), drops.std(axis=1)


def card_sample(n: int) -> np.ndarray:
    """The positions of the card's fixed sample of n test rows (2,000, or all), in order."""
    return np.sort(np.random.default_rng(0).choice(n, size=min(ROWS, n), replace=False))


def card_importance(pipeline, sample: pd.DataFrame, y, moved: Callable[[], dict | None]) -> dict:
    """The card's importance section for a model that is not linear: how much ROC AUC drops
    when one input's values are shuffled among the test rows, on `card_sample`'s 2,000 (their
    inputs and truths given), 3 shuffles each (all 16,281 rows, 5 shuffles took 22 s). The
    sample is scored whole: `max_samples` scores the unshuffled baseline on all rows but the
    shuffles on a subsample, which inflated small importances tenfold. Beside it, `moved()`
    gives how far each input moves the answers on the same sample, by the explanations
    people see (each input's mean |contribution|, mlcore/aside.py), or None for a model
    without them. `cost_seconds` runs from the first shuffle until both parts are in."""

    start = time.perf_counter()
    means, stds = importance(pipeline, sample, np.asarray(y))
    moved = moved() or {}
    items = [
        {"feature": name, "feature_label": FEATURES[name].label, "importance": json_number(mean)}
        | {"std": json_number(std), "mean_abs_contribution": json_number(moved.get(name))}
        for name, mean, std in zip(sample.columns, means, stds, strict=True)
    ]
    items.sort(key=lambda item: -item["importance"])
    cost = round(time.perf_counter() - start, 3)
    return {"kind": "permutation", "items": items, "cost_seconds": cost, "rows": len(sample)}
