"""Bar charts as inline SVG for the staff dashboard (its tags: monitoring/templatetags), in
the model card's frame (charts.py).

Bars get a y scale from their largest stack, ticked at round numbers; a long run of bars
labels only every few slots so the labels never overlap.
"""

import math

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString

from .charts import BOTTOM, RIGHT, TICK_GAP, TOP, WIDTH, left_edge, svg, titles

# Django loads every module here as a tag library; the tags drawing bars are the dashboard's.
register = template.Library()


def _count_scale(value: float) -> tuple[float, float]:
    """(top, step) of a count axis reaching `value` in at most five round steps (1, 2, 2.5
    or 5 times a power of ten, at least 1), so it ticks at whole, readable numbers."""
    rough = max(1.0, value / 5)
    power = 10 ** math.floor(math.log10(rough))
    step = next(s * power for s in (1, 2, 2.5, 5, 10) if s * power >= rough and (s * power) % 1 == 0)
    return step * max(1, math.ceil(value / step)), step


def bar_chart(
    *,
    id: str,
    title: str,
    desc: str,
    x_label: str,
    y_label: str,
    labels: list[str],
    series: list[tuple[str, list[float]]],
    top: float | None = None,
    width: int = WIDTH,
) -> SafeString:
    """Vertical bars, one slot per value; each (css class, values) of `series` is stacked on
    the one before. With one label more than values, labels mark the slots' edges (a
    histogram's bin limits); otherwise their middles. `top` fixes the y axis (1 for shares)."""
    count = len(series[0][1])
    totals = [sum(values) for values in zip(*(values for _, values in series), strict=True)]
    top, step = (top, top / 5) if top else _count_scale(max(totals, default=0))
    ticks = [step * i for i in range(round(top / step) + 1)]
    tick_texts = [f"{tick:g}" if top <= 1 else f"{tick:,.0f}" for tick in ticks]
    left, right = left_edge(tick_texts), width - (WIDTH - RIGHT)  # wide counts push the plot right
    slot = (right - left) / max(count, 1)
    bar = min(slot * 0.8, 60)  # a lone bar stays a bar, not a block

    def y(value: float) -> float:
        return BOTTOM - value / top * (BOTTOM - TOP)

    parts = []
    for tick, text in zip(ticks, tick_texts, strict=True):
        parts.append(f'<line class="chart-grid" x1="{left}" y1="{y(tick):.1f}" x2="{right}" y2="{y(tick):.1f}"/>')
        parts.append(
            f'<text class="chart-tick" x="{left - TICK_GAP}" y="{y(tick) + 4:.1f}" text-anchor="end">{text}</text>'
        )
    edges = len(labels) == count + 1
    every = math.ceil(len(labels) / max(1, (right - left) // 48))  # about 48 px per label
    for i, label in enumerate(labels):
        if i % every == 0:
            x = left + slot * (i if edges else i + 0.5)
            parts.append(
                f'<text class="chart-tick" x="{x:.1f}" y="{BOTTOM + 16}" text-anchor="middle">{escape(label)}</text>'
            )
    parts.append(titles(x_label, y_label, ticks=tick_texts, left=left, right=right))
    bars = []
    for i in range(count):
        base = 0.0
        for css_class, values in series:
            if values[i] > 0:  # an empty bar is nothing, not a hairline
                x, height = left + slot * (i + 0.5) - bar / 2, y(base) - y(base + values[i])
                bars.append(
                    f'<rect class="{css_class}" x="{x:.1f}" y="{y(base + values[i]):.1f}" '
                    f'width="{bar:.1f}" height="{height:.1f}"/>'
                )
            base += values[i]
    frame = f'<line class="chart-frame" x1="{left}" y1="{BOTTOM}" x2="{right}" y2="{BOTTOM}"/>'
    body = '<g aria-hidden="true">' + "".join(parts) + "</g>" + "".join(bars) + frame
    return svg(id=id, title=title, desc=desc, body=body, width=width)
