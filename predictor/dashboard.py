"""The staff dashboard: what the model was asked, what it answered, and how it is doing.

It lives under the admin's URL, in the admin's chrome and behind the admin's sign-in; every
figure is aggregated by the database (predictor.stats, predictor.monitoring).
"""

from datetime import date, datetime, time, timedelta

from django.contrib import admin
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.utils.html import format_html_join
from django.views.decorators.http import require_safe

import mlcore

from . import bars, monitoring, stats
from .forms import RangeForm

DEFAULT_DAYS = 30


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


# Each source's bars, stacked in this order.
SOURCES = [
    ("web", "the web form", "chart-bar"),
    ("api", "the API", "chart-bar-other"),
    ("batch", "batch files", "chart-bar-batch"),
]


def _per_day(since: date, until: date, start: datetime, end: datetime) -> tuple[str, str]:
    """The chart and the table's rows. A year's 366 rows are written here, not by a template
    loop, which took a third of the page's time for them."""
    counts = {(row["day"], row["source"]): row["count"] for row in stats.predictions_per_day(since=start, until=end)}
    days = [since + timedelta(days=n) for n in range((until - since).days + 1)]
    per_source = {source: [counts.get((d, source), 0) for d in days] for source, _, _ in SOURCES}
    totals = {source: sum(values) for source, values in per_source.items()}
    parts = ", ".join(f"{totals[source]:,} from {words}" for source, words, _ in SOURCES)
    chart = bars.bar_chart(
        id="per-day-chart",
        title="Predictions per day by source",
        desc=f"{sum(totals.values()):,} predictions from {since} to {until}: {parts}.",
        x_label="Day",
        y_label="Predictions",
        labels=[f"{d.day} {d:%b}" for d in days],
        series=[(css, per_source[source]) for source, _, css in SOURCES],
        width=720,
    )
    table = format_html_join(
        "",
        '<tr><th scope="row">{}</th>' + '<td class="number">{}</td>' * len(SOURCES) + "</tr>",
        (
            (f"{d:%a} {d.day} {d:%b %Y}", *(f"{per_source[source][i]:,}" for source, _, _ in SOURCES))
            for i, d in enumerate(days)
        ),
    )
    return table, chart


def _histogram(counts: list[int]) -> str:
    bins = len(counts)
    return bars.bar_chart(
        id="histogram-chart",
        title="Predicted probabilities",
        desc=f"How many predictions fall in each tenth of probability: {', '.join(f'{n:,}' for n in counts)}.",
        x_label="Probability of earning over $50K",
        y_label="Predictions",
        labels=[f"{i / bins:g}" for i in range(bins + 1)],
        series=[("chart-bar", counts)],
    )


def _share_chart(versions: list[dict]) -> str:
    return bars.bar_chart(
        id="share-chart",
        title="Share predicted over $50K, per model version",
        desc="; ".join(f"version {v['id']}: {v['share']:.3f} of {v['predictions']:,}" for v in versions) + ".",
        x_label="Model version",
        y_label="Share over $50K",
        labels=[f"v{v['id']}" for v in versions],
        series=[("chart-bar", [v["share"] for v in versions])],
        top=1,
    )


def _label(name: str) -> str:
    feature = mlcore.FEATURES.get(name)
    return feature.label if feature else name


def _drift_rows(report: dict) -> list[dict]:
    shift = report["shift"] or {}
    return [{**row, "label": _label(row["feature"]), "shift": shift.get(row["feature"])} for row in report["drift"]]


@staff_member_required
@require_safe
def dashboard(request):
    """Per-day counts, probabilities and shares over the chosen days; live quality and drift."""
    if not request.user.has_perm("predictor.view_prediction"):
        raise PermissionDenied("Viewing predictions is needed to see the dashboard.")
    today = timezone.localdate()
    defaults = {"since": f"{today - timedelta(days=DEFAULT_DAYS - 1)}", "until": f"{today}"}
    form = RangeForm({**defaults, **request.GET.dict()})
    context = {**admin.site.each_context(request), "title": "Monitoring dashboard", "form": form}
    if form.is_valid():
        since, until = form.cleaned_data["since"], form.cleaned_data["until"]
        start, end = _start_of(since), _start_of(until + timedelta(days=1))
        day_rows, per_day_chart = _per_day(since, until, start, end)
        histogram = stats.probability_histogram(since=start, until=end)
        quality = monitoring.live_quality(since=start, until=end)
        report = monitoring.drift_report(until=end)
        context.update(
            since=since,
            until=until,
            day_rows=day_rows,
            per_day_chart=per_day_chart,
            total=sum(histogram),
            histogram_chart=_histogram(histogram),
            share_chart=_share_chart(quality),
            quality=quality,
            min_outcomes=monitoring.MIN_OUTCOMES,
            window=report["window"],
            drift=_drift_rows(report),
        )
    return render(request, "predictor/dashboard.html", context)
