"""What the result panel shows beside the figure: the reasons, drawn as bars, and what would
change the answer. Numbers come from mlcore; this only lays them out for the template."""

from mlcore.explain import expand
from mlcore.reasons import average_chance, reasons

# The bars' drawing box (SVG user units): the middle line is the average person, raising
# answers grow to the right and lowering ones to the left.
BAR_WIDTH = 200
MIDDLE = BAR_WIDTH / 2


def _bar(reason: dict) -> dict:
    length = round(reason["share"] * MIDDLE, 2)
    x = MIDDLE if reason["direction"] != "lowers" else MIDDLE - length
    return {"x": x, "width": max(length, 0.5)}


def explanation_context(prediction, predictor=None) -> dict:
    """Template context for a stored prediction's explanation; empty when it has none.

    `predictor` is the model that made the prediction, when it is still the one loaded:
    the suggestions of what would change the answer are worked out from its weights.
    """
    if not prediction.explanation:
        return {}
    items = reasons(expand(prediction.explanation, prediction.inputs))
    for item in items:
        item["bar"] = _bar(item)
    changes = predictor.what_would_change(prediction.inputs) if predictor is not None else []
    return {
        "reasons": items,
        "average_chance": average_chance(prediction.explanation),
        "changes": changes,
        "bar_width": BAR_WIDTH,
        "middle": MIDDLE,
    }
