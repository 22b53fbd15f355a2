"""What the result panel shows beside the figure: the reasons, drawn as bars, and what would
change the answer. Numbers come from mlcore; this only lays them out for the template."""

import html

from django.utils.safestring import mark_safe

from mlcore.explain import expand
from mlcore.reasons import average_chance, reasons

# The bars' drawing box (SVG user units, as _rows' viewBox says): the middle line is
# the average person, raising answers grow to the right and lowering ones to the left.
MIDDLE = 100


# One reason: its words (what a screen reader reads), its points, and its bar.
def _rows(items: list[dict]) -> str:
    """The reasons' list items, written here rather than by a template loop: that loop, a
    dozen look-ups and filters per row, cost a form answer a fifth of its time. The words
    are the only text and are escaped; the rest are numbers and fixed class names. Each
    item: the words (what a screen reader reads), the points, and a bar from the middle."""
    rows = []
    for reason in items:
        length = round(reason["share"] * MIDDLE, 2)
        direction, width = reason["direction"], max(length, 0.5)
        x = MIDDLE - length if direction == "lowers" else MIDDLE
        points = f"{reason['points']:+.1f}".replace("-", "\u2212")  # a real minus sign
        words = html.escape(reason["words"])  # the standard library's: Django's adds 10 µs a call
        rows.append(
            f'<li class="reason reason-{direction}"><span class="reason-words">{words}</span> '
            f'<span class="reason-points">({points} points)</span><svg class="reason-bar" '
            'viewBox="0 0 200 10" preserveAspectRatio="none" aria-hidden="true" focusable="false">'
            f'<rect class="bar-{direction}" x="{x}" y="1" width="{width}" height="8"/>'
            '<line class="bar-middle" x1="100" x2="100" y1="0" y2="10"/></svg></li>'
        )
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
