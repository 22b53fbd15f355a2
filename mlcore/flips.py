"""The flip test: how many of the model's decisions change when only sex, or only race,
changes. Every changed copy of the rows is predicted in one call: the full model's race
test asks about 65,000 rows, and one call per group cost a pass through the encoder and
the model each."""

from functools import partial

import numpy as np
import pandas as pd

from .labels import category_label
from .schema import NOT_STATED

# Flipped by swapping; any other feature is set to each of its groups in turn.
SWAPS = {"sex": {"Male": "Female", "Female": "Male"}}


def _moves(frame: pd.DataFrame, feature: str) -> list[tuple[str | None, np.ndarray]]:
    """(group or None for a swap, the feature's new value on every row) for each change."""
    values = frame[feature].to_numpy()
    if feature in SWAPS:
        swap = SWAPS[feature]
        return [(None, np.array([swap.get(code, code) for code in values], dtype=object))]
    # "Not stated" is no group a person could be moved into.
    codes = sorted(set(values) - {NOT_STATED}, key=partial(category_label, feature))
    return [(code, np.full(len(values), code, dtype=object)) for code in codes]


def flip_test(predict_labels, frame: pd.DataFrame, feature: str, before=None) -> dict:
    """How many decisions change when only `feature` changes: sex swapped on every row, or
    any other feature (race) set to each of its groups in turn. `frame` holds the model's
    inputs only, so a feature missing from it is one the model does not use. `before`,
    the decisions on `frame` if already known, saves predicting them again."""
    result = {"feature": feature, "rows": len(frame), "changed": 0, "to_positive": 0, "to_negative": 0}
    result["in_model"] = feature in frame.columns
    if feature not in SWAPS:
        result["by_group"] = []
    if not result["in_model"]:
        return result
    before = np.asarray(predict_labels(frame) if before is None else before, dtype=bool)
    moves = _moves(frame, feature)
    # Only rows whose value changes can change their answer: a person already in the
    # group, or of a sex the swap leaves alone, is not asked again.
    moved = [values != frame[feature].to_numpy() for _, values in moves]
    copies = [frame[rows].assign(**{feature: values[rows]}) for (_, values), rows in zip(moves, moved, strict=True)]
    asked = sum(int(rows.sum()) for rows in moved)
    answers = np.asarray(predict_labels(pd.concat(copies)), dtype=bool) if asked else np.empty(0, dtype=bool)
    changed, start = np.zeros(len(frame), dtype=bool), 0
    for (code, _), rows in zip(moves, moved, strict=True):
        flipped = np.zeros(len(frame), dtype=bool)
        flipped[rows] = answers[start : start + int(rows.sum())] != before[rows]
        start += int(rows.sum())
        changed |= flipped
        if code is not None:
            result["by_group"].append(
                {"group": code, "label": category_label(feature, code), "changed": int(flipped.sum())}
            )
    result["changed"] = int(changed.sum())
    result["to_positive"] = int((changed & ~before).sum())
    result["to_negative"] = int((changed & before).sum())
    return result
