"""The result panel's reasons as list items: the words, the points and a bar from the middle."""

import html

from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# The bars' drawing box (SVG user units, as the viewBox says): the middle line is the
# average person, raising answers grow to the right and lowering ones to the left.
MIDDLE = 100


@register.simple_tag
def reason_rows(reasons: list[dict]) -> SafeString:
    """One <li> per reason (presenters.explanation_context's `reasons`), written here
    rather than by a template loop: that loop, a dozen look-ups and filters per row, cost a
    form answer a fifth of its time. The words are the only text and are escaped; the rest
    are numbers and fixed class names. A screen reader reads the words; the bar is hidden."""
    rows = []
    for reason in reasons:
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
