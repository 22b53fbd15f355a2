"""The staff dashboard's charts and its per-day table, drawn from the figures the view reads.

A year's 366 table rows are written here in one call rather than by a template loop, which
took a third of the page's time for them.
"""

from django import template
from django.utils.safestring import SafeString, mark_safe

from predictor.templatetags.bars import bar_chart

register = template.Library()

# Each source's words and bar class, stacked in the view's SOURCES order.
SOURCES = {
    "web": ("the web form", "chart-bar"),
    "api": ("the API", "chart-bar-other"),
    "batch": ("batch files", "chart-bar-batch"),
}


@register.filter
def source_words(sources) -> str:
    """Sources as a sentence says them: "the web form and the API"."""
    return " and ".join(SOURCES[source][0] for source in sources)


@register.simple_tag
def per_day_chart(per_day: dict) -> SafeString:
    days, counts = per_day["days"], per_day["counts"]
    totals = {source: sum(values) for source, values in counts.items()}
    parts = ", ".join(f"{totals[source]:,} from {SOURCES[source][0]}" for source in counts)
    total = sum(totals.values())
    return bar_chart(
        id="per-day-chart",
        title="Predictions per day by source",
        desc=f"{total:,} prediction{'' if total == 1 else 's'} from {days[0]} to {days[-1]}: {parts}.",
        x_label="Day",
        y_label="Predictions",
        labels=[f"{d.day} {d:%b}" for d in days],
        series=[(SOURCES[source][1], values) for source, values in counts.items()],
        width=720,
    )


@register.simple_tag
def day_rows(per_day: dict) -> SafeString:
    counts = per_day["counts"]
    row = '<tr><th scope="row">{}</th>' + '<td class="number">{}</td>' * len(counts) + "</tr>"
    # Every cell is a day or a count formatted here, never text from outside, so nothing
    # needs escaping: format_html escaped each of a year's 1,464 cells, 6 ms of the page.
    return mark_safe(
        "".join(
            row.format(f"{d:%a} {d.day} {d:%b %Y}", *(f"{values[i]:,}" for values in counts.values()))
            for i, d in enumerate(per_day["days"])
        )
    )


@register.simple_tag
def histogram_chart(counts: list[int], id: str = "histogram-chart", title: str = "Predicted probabilities"):
    bins = len(counts)
    return bar_chart(
        id=id,
        title=title,
        desc=f"How many predictions fall in each tenth of probability: {', '.join(f'{n:,}' for n in counts)}.",
        x_label="Probability of earning over $50K",
        y_label="Predictions",
        labels=[f"{i / bins:g}" for i in range(bins + 1)],
        series=[("chart-bar", counts)],
    )


@register.simple_tag
def share_chart(versions: list[dict]) -> SafeString:
    return bar_chart(
        id="share-chart",
        title="Share predicted over $50K, per model version",
        desc="; ".join(f"version {v['id']}: {v['share']:.3f} of {v['predictions']:,}" for v in versions) + ".",
        x_label="Model version",
        y_label="Share over $50K",
        labels=[f"v{v['id']}" for v in versions],
        series=[("chart-bar", [v["share"] for v in versions])],
        top=1,
    )
