"""An explanation in words and probability points, for people reading one answer.

The contributions themselves are on the log-odds scale, where they add up exactly. People
read chances, so each reason is also given in percentage points: how far the chance would
move from the average person's if this one answer alone were this person's. Those points do
not add up to the total (the logistic curve bends), and the page says so.
"""

from .labels import category_label
from .linear import sigmoid
from .schema import FEATURES, INTEGER, NOT_STATED

# Contributions smaller than this (log-odds) move the chance by well under a point: "no effect".
NEGLIGIBLE = 0.01
EFFECT = {"raises": "raises the chance", "lowers": "lowers the chance", "none": "makes little difference"}
# Answers that say what they are about on their own ("Married", "Master's degree", "Female").
# Any other feature's answer is named with it: "Other lowers the chance" would not say
# whether it is a race, an occupation or a role in the household.
SELF_EVIDENT = frozenset({"education", "marital_status", "sex"})


def answer_words(feature: str, value) -> str:
    """One input's answer as a person would say it, its subject named where the answer
    alone would not say it: "Married", "Age 25", "40 hours a week", "Race: Other",
    "Employer type not stated"."""
    base = FEATURES[feature]
    if base.kind != INTEGER:
        if value == NOT_STATED:
            return f"{base.label} not stated"
        words = category_label(feature, value)
        return words if feature in SELF_EVIDENT else f"{base.label}: {words}"
    if feature == "hours_per_week":
        return f"{value} hours a week"
    if feature in ("capital_gain", "capital_loss"):
        return f"{base.label} of ${value:,}"
    return f"{base.label} {value}"


def reasons(explanation: dict) -> list[dict]:
    """The inputs of an explanation (explain.Explainer.explain), largest effect first, each
    with `words` ("Married raises the chance"), `direction` ("raises", "lowers" or "none"),
    its log-odds `contribution`, `points` (percentage points from the average person's
    chance) and `share` (its size relative to the largest, 0 to 1, for drawing a bar)."""
    base = explanation["base"]
    average = sigmoid(base)
    items = sorted(explanation["contributions"], key=lambda c: -abs(c["contribution"]))
    largest = max((abs(c["contribution"]) for c in items), default=0.0) or 1.0
    out = []
    for item in items:
        contribution = item["contribution"]
        direction = "raises" if contribution > 0 else "lowers"
        if abs(contribution) < NEGLIGIBLE:
            direction = "none"
        answer = answer_words(item["feature"], item["value"])
        out.append(
            {
                "feature": item["feature"],
                "answer": answer,
                "words": f"{answer} {EFFECT[direction]}",
                "direction": direction,
                "contribution": contribution,
                "points": 100 * (sigmoid(base + contribution) - average),
                "share": abs(contribution) / largest,
            }
        )
    return out


def average_chance(explanation: dict) -> float:
    """The average person's chance, the point every reason is measured from."""
    return sigmoid(explanation["base"])
