"""The staff dashboard: what the model was asked, what it answered, and how it is doing.

It lives under the admin's URL, in the admin's chrome and behind the admin's sign-in; every
figure is aggregated by the database (selectors.py, traffic.py) and drawn by the template's tags
(templatetags/dashboard.py).
"""

from datetime import date, datetime, time, timedelta

from django.contrib import admin
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

import mlcore

from . import selectors
from .forms import RangeForm
from .shadow import shadow_comparison
from .traffic import Traffic, traffic

DEFAULT_DAYS = 30
SOURCES = ("web", "api", "batch")  # each source's bars, stacked in this order


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _per_day(since: date, until: date, scanned: Traffic) -> dict:
    """{"days": [date, ...], "counts": {source: [count per day]}} over both days included."""
    counts = scanned.per_day
    days = [since + timedelta(days=n) for n in range((until - since).days + 1)]
    return {"days": days, "counts": {source: [counts.get((d, source), 0) for d in days] for source in SOURCES}}


def _drift_rows(report: dict) -> list[dict]:
    shift = report["shift"] or {}
    return [
        {**row, "label": mlcore.feature_label(row["feature"]), "shift": shift.get(row["feature"])}
        for row in report["drift"]
    ]


@staff_member_required
@require_safe
def dashboard(request):
    """Per-day counts, probabilities and shares over the chosen days; live quality and drift."""
    if not request.user.has_perm("predictor.view_prediction"):
        raise PermissionDenied("Viewing predictions is needed to see the dashboard.")
    today = timezone.localdate()
    # A "To" day given alone brings the days before it, as today does; a day the form will
    # refuse (not a date, or too early to count back from) brings today's.
    try:
        first = date.fromisoformat(request.GET.get("until", "")) - timedelta(days=DEFAULT_DAYS - 1)
    except (ValueError, OverflowError):
        first = today - timedelta(days=DEFAULT_DAYS - 1)
    defaults = {"since": f"{first}", "until": f"{today}"}
    data = request.GET.copy()  # a QueryDict keeps every ticked source
    for name, value in defaults.items():
        data.setdefault(name, value)
    form = RangeForm(data)
    context = {**admin.site.each_context(request), "title": "Monitoring dashboard", "form": form}
    if form.is_valid():
        since, until, sources = (form.cleaned_data[name] for name in ("since", "until", "source"))
        start, end = _start_of(since), _start_of(until + timedelta(days=1))
        # One read of the range serves the per-day chart, the histogram and the versions.
        scanned = traffic(since=start, until=end, sources=sources)
        report = selectors.drift_report(until=end, sources=sources)
        context.update(
            since=since,
            until=until,
            sources=sources,
            per_day=_per_day(since, until, scanned),
            histogram=scanned.histogram,
            total=sum(scanned.histogram),
            quality=selectors.live_quality(since=start, until=end, sources=sources, scanned=scanned),
            min_outcomes=mlcore.MIN_OUTCOMES,
            window=report["window"],
            drift=_drift_rows(report),
            shadow=shadow_comparison(since=start, until=end, sources=sources, detail=True),
        )
    return render(request, "monitoring/dashboard.html", context)
