"""What would change an answer: the smallest single change a person could make that
carries the estimate across the threshold, each one scored by the model itself.

Two parts. `plausible_changes` is the rule-set, and knows no model: which inputs a person
can change, and in which direction. Age, sex, race and marital status are never changed
(advice to be younger, or another sex, is no advice); hours stay inside the middle 95% of
the training data; schooling only goes up; no one is sent to work without pay, or not at
all. `changes` then asks a model's probabilities for every such changed person at once and
keeps, per input, the smallest change that crosses.

Below the threshold the suggestions are advice (what would raise the chance past it).
Above it nobody needs telling how to earn less: the one answer is the risk, the smallest
change that would carry the estimate below it, or nothing.
"""

import functools
from collections.abc import Callable

from .labels import EDUCATION_ORDER, category_label
from .reasons import SELF_EVIDENT, answer_words
from .schema import INTEGER, NOT_STATED, THRESHOLD, Schema

ACTIONABLE = ("hours_per_week", "education", "workclass")
# Answers no advice leads to: work without pay, no work at all, and no answer.
NEVER_SUGGESTED = {"workclass": frozenset({"Without-pay", "Never-worked", NOT_STATED})}
# Inputs whose options come nearest first (hours by distance, schooling level by level):
# the first that crosses is the smallest change. Employer types have no such order.
ORDERED = frozenset({"hours_per_week", "education"})


def plausible_changes(schema: Schema, record: dict) -> dict[str, list]:
    """{input: the values this person could move it to}, for every actionable input of the
    schema: hours within the feature's plausible range, nearest first; the levels of
    schooling above this one, lowest first; any other employer type but those of no pay."""
    options = {}
    for name in ACTIONABLE:
        if name not in schema.names:
            continue
        feature, value = schema[name], record[name]
        if feature.kind == INTEGER:
            options[name] = list(_nearest_first(*feature.plausible_range(), value))
        elif name == "education":
            # An education the order does not place (a model's own code) has no "up".
            above = EDUCATION_ORDER[EDUCATION_ORDER.index(value) + 1 :] if value in EDUCATION_ORDER else ()
            options[name] = [code for code in above if code in feature.categories]
        else:
            barred = {value, *NEVER_SUGGESTED.get(name, ())}
            options[name] = [code for code in feature.categories if code not in barred]
    return options


@functools.lru_cache(maxsize=1024)
def _nearest_first(low: int, high: int, value: int) -> tuple[int, ...]:
    # The same few dozen orders serve every person: worked out once each.
    return tuple(sorted((v for v in range(low, high + 1) if v != value), key=lambda v: (abs(v - value), v)))


def changed_people(record: dict, options: dict[str, list]) -> list[dict]:
    """The record itself, then the record with each option of `plausible_changes` in turn."""
    return [record] + [{**record, name: value} for name, values in options.items() for value in values]


def changes(
    probabilities: Callable[[list[dict]], list[float]],
    schema: Schema,
    record: dict,
    score_changes: Callable[[dict, dict[str, list]], list[float]] | None = None,
) -> list[dict]:
    """The plausible changes that carry this record across THRESHOLD, as
    {"feature", "from", "to", "probability", "words"}, scored by `probabilities` (a model's:
    cleaned records in, P(>50K) out). Below the threshold, each input's smallest such
    change, the nearest to the threshold first; above it, only the nearest one. An empty
    list when no single plausible change crosses.

    `score_changes`, when a model has one, gives the same scores as `probabilities` over
    `changed_people(record, options)` without building those people (a linear model moves
    one term of its sum per change)."""
    options = plausible_changes(schema, record)
    if score_changes is not None:
        scores = score_changes(record, options)
    else:
        scores = probabilities(changed_people(record, options))
    now, start = scores[0], 1
    above = now >= THRESHOLD
    found = []
    for name, values in options.items():
        own, start = scores[start : start + len(values)], start + len(values)
        crossing = [(value, p) for value, p in zip(values, own, strict=True) if (p >= THRESHOLD) != above]
        if not crossing:
            continue
        # Every crossing answer lies past the threshold, so the least move is the nearest to it.
        new, p = crossing[0] if name in ORDERED else min(crossing, key=lambda pair: abs(pair[1] - now))
        found.append({"feature": name, "from": record[name], "to": new, "probability": p})
    found.sort(key=lambda item: abs(item["probability"] - now))
    found = found[:1] if above else found
    return [{**item, "words": change_words(item)} for item in found]


def change_words(change: dict) -> str:
    """One change in words: advice when it raises the chance ("45 hours a week instead of
    40 would raise the chance to 52%"), a risk when it lowers it ("At 30 hours a week
    instead of 45, the chance would fall to 48%")."""
    name, old, new, probability = change["feature"], change["from"], change["to"], change["probability"]
    # A chance just across the threshold would round back to it ("50%"); one decimal shows it crossed.
    shown = f"{probability:.0%}" if round(probability * 100) != round(THRESHOLD * 100) else f"{probability:.1%}"
    if name == "hours_per_week":
        swap = f"{new} hours a week instead of {old}"
    else:
        was = category_label(name, old) if old != NOT_STATED else "not stated"
        swap = f"{answer_words(name, new)} instead of {was}"
    if probability >= THRESHOLD:
        return f"{swap} would raise the chance to {shown}"
    if name == "hours_per_week":
        return f"At {swap}, the chance would fall to {shown}"
    # "Employer type: ..." starts the sentence above, but not after "With".
    swap = swap if name in SELF_EVIDENT else swap[0].lower() + swap[1:]
    return f"With {swap}, the chance would fall to {shown}"


def no_change_words(schema: Schema, above: bool) -> str:
    """The sentence for an answer no single plausible change carries across THRESHOLD,
    naming the changes that were weighed."""
    weighed = []
    if "hours_per_week" in schema.names:
        low, high = schema["hours_per_week"].plausible_range()
        weighed.append(f"hours from {low} to {high} a week")
    if "education" in schema.names:
        weighed.append("more schooling")
    if "workclass" in schema.names:
        weighed.append("another employer type")
    if not weighed:
        return ""
    options = weighed[0] if len(weighed) == 1 else f"{', '.join(weighed[:-1])} or {weighed[-1]}"
    way = "bring this estimate below" if above else "raise this estimate above"
    return f"No single change a person could make ({options}) would {way} {THRESHOLD:.0%}."
