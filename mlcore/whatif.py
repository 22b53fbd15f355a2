"""What would change an answer: the smallest change to one input a person can act on that
carries a logistic model's estimate across the threshold, worked out exactly from its weights.

Only inputs a person can change are considered (hours, education, employer type). Age,
sex, race and marital status are never suggested: advice to be younger, or another sex,
is no advice at all.
"""

import math

from .linear import LinearWeights
from .reasons import answer_words
from .schema import NOT_STATED, Schema

ACTIONABLE = ("hours_per_week", "education", "workclass")


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))


def log_odds(weights: LinearWeights, record: dict) -> float:
    """The model's log-odds for a cleaned record, term by term (see linear.py)."""
    z = weights.intercept
    for name, table in weights.categorical.items():
        z += table.get(record[name], 0.0)
    for name, (slope, mean) in weights.numeric.items():
        z += slope * (record[name] - mean)
    return z


def _number_change(z: float, slope: float, value: int, low: int, high: int) -> tuple[int, float] | None:
    """(new value, new log-odds) for the smallest whole step that crosses, if one is in range."""
    if slope == 0:
        return None
    above = z >= 0
    guess = -z / slope  # the exact (fractional) step that lands on the threshold
    steps = range(math.floor(guess) - 1, math.ceil(guess) + 2)
    crossing = [d for d in steps if d != 0 and (z + slope * d >= 0) != above]
    if not crossing:
        return None
    step = min(crossing, key=abs)
    new = value + step
    return (new, z + slope * step) if low <= new <= high else None


def _category_change(z: float, table: dict, value: str, codes) -> tuple[str, float] | None:
    """(new answer, new log-odds) for the answer that crosses with the least change."""
    above = z >= 0
    options = []
    for code in codes:
        if code in (value, NOT_STATED):
            continue
        moved = z - table.get(value, 0.0) + table.get(code, 0.0)
        if (moved >= 0) != above:
            options.append((abs(moved - z), code, moved))
    if not options:
        return None
    _, code, moved = min(options)
    return code, moved


def changes(weights: LinearWeights, schema: Schema, record: dict) -> list[dict]:
    """For each actionable input of the model that can carry this answer across 50%, its
    smallest such change: {"feature", "from", "to", "probability", "words"}, the least
    change in log-odds first. An empty list when no single change would do it."""
    z = log_odds(weights, record)
    found = []
    for name in ACTIONABLE:
        if name not in schema.names:
            continue
        feature, value = schema[name], record[name]
        if name in weights.numeric:
            change = _number_change(z, weights.numeric[name][0], value, feature.minimum, feature.maximum)
        else:
            change = _category_change(z, weights.categorical[name], value, feature.categories)
        if change is None:
            continue
        new, moved = change
        probability = _sigmoid(moved)
        verb = "raise" if moved > z else "lower"
        # A chance just across 50% would round back to "50%"; one decimal shows it crossed.
        shown = f"{probability:.0%}" if round(probability * 100) != 50 else f"{probability:.1%}"
        words = f"{answer_words(name, new)} instead of {answer_words(name, value)} would {verb} the chance to {shown}"
        item = {"feature": name, "from": value, "to": new, "probability": probability, "words": words}
        found.append((abs(moved - z), item))
    found.sort(key=lambda pair: pair[0])
    return [item for _, item in found]
