"""Charts as inline SVG, drawn on the server: the model card's curves here, as the tags
`{% card_chart card "roc" %}` (or "pr", "calibration"); bars in bars.py, on the same frame.

The site's policy allows no inline style or script, so a chart is plain markup: its look
comes from classes in static/css/card.css, and a screen reader gets its <title> and <desc>.
The card's charts plot fractions in the unit square, so one pair of scales serves them all.
"""

import math

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

WIDTH, HEIGHT = 360, 330
# The plot area inside the drawing; the margins hold the tick labels and axis titles.
LEFT, TOP, RIGHT, BOTTOM = 58, 14, 346, 274
TICKS = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)
# Text sizes as card.css sets them (.chart-tick, .chart-label). The server cannot measure text,
# so a tick label is taken as wide as its characters at a digit's width in DejaVu Sans (0.64 of
# the size, the widest of the usual sans-serif faces): the y-axis title then clears it.
TICK_SIZE, TITLE_SIZE, CHARACTER = 12, 13, 0.65
TICK_GAP, TITLE_GAP = 6, 6  # axis to tick label, tick label to title
ASCENT, DESCENT = 0.8, 0.25  # of TITLE_SIZE, either side of the turned title's baseline


def _x(value: float) -> float:
    return LEFT + min(1.0, max(0.0, value)) * (RIGHT - LEFT)


def _y(value: float) -> float:
    return BOTTOM - min(1.0, max(0.0, value)) * (BOTTOM - TOP)


def _drawable(points) -> list[tuple[float, float]]:
    # Empty calibration bins and undefined precisions are null: they are gaps, not zeros.
    return [(float(x), float(y)) for x, y in points if x is not None and y is not None]


def _axes(x_label: str, y_label: str) -> str:
    parts = []
    for tick in TICKS:
        x, y, text = _x(tick), _y(tick), f"{tick:g}"
        parts.append(f'<line class="chart-grid" x1="{x:.1f}" y1="{TOP}" x2="{x:.1f}" y2="{BOTTOM}"/>')
        parts.append(f'<line class="chart-grid" x1="{LEFT}" y1="{y:.1f}" x2="{RIGHT}" y2="{y:.1f}"/>')
        parts.append(f'<text class="chart-tick" x="{x:.1f}" y="{BOTTOM + 16}" text-anchor="middle">{text}</text>')
        parts.append(f'<text class="chart-tick" x="{LEFT - TICK_GAP}" y="{y + 4:.1f}" text-anchor="end">{text}</text>')
    width, height = RIGHT - LEFT, BOTTOM - TOP
    parts.append(f'<rect class="chart-frame" x="{LEFT}" y="{TOP}" width="{width}" height="{height}"/>')
    ticks = [f"{tick:g}" for tick in TICKS]
    return '<g aria-hidden="true">' + "".join(parts) + titles(x_label, y_label, ticks=ticks) + "</g>"


def tick_width(ticks: list[str]) -> float:
    """The widest of the y-axis tick labels `ticks`, in the drawing's units (an upper bound)."""
    return max((len(text) for text in ticks), default=0) * CHARACTER * TICK_SIZE


def left_edge(ticks: list[str]) -> float:
    """Where the plot area starts so that the y-axis tick labels `ticks` and the title beside
    them fit in the margin: LEFT, or further right for wide labels (large counts)."""
    needed = 2 + (ASCENT + DESCENT) * TITLE_SIZE + TITLE_GAP + tick_width(ticks) + TICK_GAP
    return max(LEFT, math.ceil(needed))


def titles(x_label: str, y_label: str, *, ticks: list[str], left: float = LEFT, right: float = RIGHT) -> str:
    """The axis titles: x centred under the plot, y turned upright and set a gap to the left
    of the widest of its tick labels `ticks` (drawn ending TICK_GAP left of `left`)."""
    middle_x, middle_y = (left + right) / 2, (TOP + BOTTOM) / 2
    baseline = left - TICK_GAP - tick_width(ticks) - TITLE_GAP - DESCENT * TITLE_SIZE
    return (
        f'<text class="chart-label" x="{middle_x}" y="{HEIGHT - 12}" text-anchor="middle">{escape(x_label)}</text>'
        f'<text class="chart-label" x="{baseline:.1f}" y="{middle_y}" text-anchor="middle" '
        f'transform="rotate(-90 {baseline:.1f} {middle_y})">{escape(y_label)}</text>'
    )


def _line(points, css_class: str) -> str:
    coords = " ".join(f"{_x(x):.1f},{_y(y):.1f}" for x, y in _drawable(points))
    return f'<polyline class="{css_class}" points="{coords}"/>'


def svg(*, id: str, title: str, desc: str, body: str, width: int = WIDTH) -> SafeString:
    # Safe: every text put inside was escaped on the way in.
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {HEIGHT}" role="img" '
        f'aria-labelledby="{escape(id)}-title" aria-describedby="{escape(id)}-desc">'
        f'<title id="{escape(id)}-title">{escape(title)}</title><desc id="{escape(id)}-desc">{escape(desc)}</desc>'
        f"{body}</svg>"
    )


def roc_chart(roc: list[dict], *, roc_auc: float, id: str = "roc-chart") -> SafeString:
    desc = (
        f"True positive rate against false positive rate as the threshold falls from 1 to 0. "
        f"Area under the curve {roc_auc:.3f}; the diagonal is a model that guesses (0.5)."
    )
    body = _axes("False positive rate", "True positive rate")
    body += _line([(0, 0), (1, 1)], "chart-chance")
    body += _line([(p["fpr"], p["tpr"]) for p in roc], "chart-line")
    return svg(id=id, title="ROC curve", desc=desc, body=body)


def pr_chart(pr: list[dict], *, average_precision: float, base_rate: float, id: str = "pr-chart") -> SafeString:
    desc = (
        f"Precision against recall as the threshold falls. Average precision {average_precision:.3f}; "
        f"the flat line at {base_rate:.3f} is a model that picks people at random."
    )
    body = _axes("Recall", "Precision")
    body += _line([(0, base_rate), (1, base_rate)], "chart-chance")
    body += _line([(p["recall"], p["precision"]) for p in pr], "chart-line")
    return svg(id=id, title="Precision-recall curve", desc=desc, body=body)


def calibration_chart(bins: list[dict], *, ece: float, id: str = "calibration-chart") -> SafeString:
    points = _drawable((b["predicted"], b["observed"]) for b in bins)
    desc = (
        f"Share of people who earned over $50K against the average predicted probability, in "
        f"{len(points)} bins of predictions. Expected calibration error {ece:.3f}; the diagonal is perfect calibration."
    )
    body = _axes("Predicted probability", "Observed share over $50K")
    body += _line([(0, 0), (1, 1)], "chart-chance")
    body += _line(points, "chart-line")
    body += "".join(f'<circle class="chart-point" cx="{_x(x):.1f}" cy="{_y(y):.1f}" r="3.5"/>' for x, y in points)
    return svg(id=id, title="Calibration (reliability) chart", desc=desc, body=body)


@register.simple_tag
def card_chart(card: dict, name: str) -> SafeString:
    """One of a stored model card's three charts: "roc", "pr" or "calibration"."""
    curves, calibration = card["curves"], card["calibration"]
    if name == "roc":
        return roc_chart(curves["roc"], roc_auc=curves["roc_auc"])
    if name == "pr":
        base_rate = card["metrics"]["base_rate"]
        return pr_chart(curves["pr"], average_precision=curves["average_precision"], base_rate=base_rate)
    if name == "calibration":
        return calibration_chart(calibration["bins"], ece=calibration["ece"])
    raise template.TemplateSyntaxError(f"card_chart: no chart {name!r}; allowed: roc, pr, calibration")
