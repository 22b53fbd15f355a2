"""What would change an answer: the smallest change to one input a person can act on that
carries a logistic model's estimate across the threshold, worked out exactly from its weights.

Only inputs a person can change are considered (hours, education, employer type). Age,
sex, race and marital status are never suggested: advice to be younger, or another sex,
is no advice at all.
"""

import math

from .linear import LinearWeights, sigmoid
from .reasons import answer_words
from .schema import NOT_STATED, THRESHOLD, Schema

ACTIONABLE = ("hours_per_week", "education", "workclass")
# THRESHOLD on the log-odds scale (0.0 for 0.5): crossing it there is crossing it as a chance.
CUT = math.log(THRESHOLD / (1 - THRESHOLD))


def _number_change(z: float, slope: float, value: int, low: int, high: int) -> tuple[int, float] | None:
    """(new value, new log-odds) for the smallest whole step that crosses, if one is in range."""
    if slope == 0:
        return None
    above = z >= CUT
    guess = (CUT - z) / slope  # the exact (fractional) step that lands on the threshold
    steps = range(math.floor(guess) - 1, math.ceil(guess) + 2)
    crossing = [d for d in steps if d != 0 and (z + slope * d >= CUT) != above]
    if not crossing:
        return None
    step = min(crossing, key=abs)
    new = value + step
    return (new, z + slope * step) if low <= new <= high else None


def _category_change(z: float, weights: LinearWeights, name: str, value: str, codes) -> tuple[str, float] | None:
    """(new answer, new log-odds) for the answer that crosses with the least change."""
    above = z >= CUT
    options = []
    for code in codes:
        if code in (value, NOT_STATED):
            continue
        moved = z - weights.term(name, value) + weights.term(name, code)
        if (moved >= CUT) != above:
            options.append((abs(moved - z), code, moved))
    if not options:
        return None
    _, code, moved = min(options)
    return code, moved


def changes(weights: LinearWeights, schema: Schema, record: dict) -> list[dict]:
    """For each actionable input of the model that can carry this answer across THRESHOLD, its
    smallest such change: {"feature", "from", "to", "probability", "words"}, the least
    change in log-odds first. An empty list when no single change would do it."""
    z = weights.log_odds(record)
    found = []
    for name in ACTIONABLE:
        if name not in schema.names:
            continue
        feature, value = schema[name], record[name]
        if name in weights.numeric:
            change = _number_change(z, weights.numeric[name][0], value, feature.minimum, feature.maximum)
        else:
            change = _category_change(z, weights, name, value, feature.categories)
        if change is None:
            continue
        new, moved = change
        probability = sigmoid(moved)
        verb = "raise" if moved > z else "lower"
        # A chance just across the threshold would round back to it ("50%"); one decimal shows it crossed.
        shown = f"{probability:.0%}" if round(probability * 100) != round(THRESHOLD * 100) else f"{probability:.1%}"
        words = f"{answer_words(name, new)} instead of {answer_words(name, value)} would {verb} the chance to {shown}"
        item = {"feature": name, "from": value, "to": new, "probability": probability, "words": words}
        found.append((abs(moved - z), item))
    found.sort(key=lambda pair: pair[0])
    return [item for _, item in found]
