"""What the result panel shows beside the figure: the reasons, drawn as bars, and what would
change the answer. Numbers come from mlcore; this only lays them out for the template."""

import html

from django.utils.safestring import mark_safe

from mlcore.explain import expand
from mlcore.reasons import average_chance, reasons

# The bars' drawing box (SVG user units, as ROW's viewBox says): the middle line is
# the average person, raising answers grow to the right and lowering ones to the left.
MIDDLE = 100


# One reason: its words (what a screen reader reads), its points, and its bar.
ROW = (
    '<li class="reason reason-{direction}"><span class="reason-words">{words}</span> '
    '<span class="reason-points">({points} points)</span>'
    '<svg class="reason-bar" viewBox="0 0 200 10" preserveAspectRatio="none" aria-hidden="true" '
    'focusable="false"><rect class="bar-{direction}" x="{x}" y="1" width="{width}" height="8"/>'
    '<line class="bar-middle" x1="100" x2="100" y1="0" y2="10"/></svg></li>'
)


def _rows(items: list[dict]) -> str:
    """The reasons' list items, written here rather than by a template loop: that loop, a
    dozen look-ups and filters per row, cost a form answer a fifth of its time. The words
    are the only text and are escaped; the rest are numbers and fixed class names."""
    rows = []
    for reason in items:
        length = round(reason["share"] * MIDDLE, 2)
        x = MIDDLE if reason["direction"] != "lowers" else MIDDLE - length
        points = f"{reason['points']:+.1f}".replace("-", "\u2212")  # a real minus sign
        words = html.escape(reason["words"])  # the standard library's: Django's adds 10 µs a call
        rows.append(ROW.format(direction=reason["direction"], words=words, points=points, x=x, width=max(length, 0.5)))
    return mark_safe("".join(rows))  # noqa: S308 (escaped above)


def explanation_context(prediction, predictor=None) -> dict:
    """Template context for a stored prediction's explanation; empty when it has none.

    `predictor` is the model that made the prediction, when it is still the one loaded:
    the suggestions of what would change the answer are worked out from its weights.
    """
    if not prediction.explanation:
        return {}
    items = reasons(expand(prediction.explanation, prediction.inputs))
    changes = predictor.what_would_change(prediction.inputs) if predictor is not None else []
    return {
        "reasons": items,
        "reason_rows": _rows(items),
        "average_percent": str(round(100 * average_chance(prediction.explanation))),
        "changes": changes,
    }
