"""Every read of the monitoring wing: per-day counts, the probability histogram, live
quality once outcomes arrive, and input drift.

Counts and sums are aggregated by the database, each one GROUP BY query; only one row per
day and source or per bucket, the rows that have an outcome (for ROC AUC and its interval)
and one count per distinct input value (for drift) come back to Python, never one object
per prediction. Ranges are half-open, [since, until). Each read takes `sources`, the
prediction sources to look at ("web", "api", "batch"); None is every source.
"""

from datetime import timedelta

import numpy as np
from django.conf import settings
from django.db.models import Avg, Count, F, FloatField, IntegerField, Q
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, Floor, Greatest, Least, TruncDate
from django.utils import timezone

import mlcore
from predictor.models import ModelVersion, Outcome, Prediction
from predictor.registry import ModelUnavailable, active_model


def window() -> dict:
    """The drift window from the settings: {"days": int | None, "rows": int | None}."""
    rows = settings.DRIFT_WINDOW_ROWS
    return {"days": None if rows else settings.DRIFT_WINDOW_DAYS, "rows": rows}


def in_range(since, until, sources=None, prediction: str = "") -> Q:
    """The predictions made in [since, until) by one of `sources`; `prediction` is the path
    to the prediction from another model ("prediction__" for outcomes)."""
    q = Q()
    if since is not None:
        q &= Q(**{f"{prediction}created_at__gte": since})
    if until is not None:
        q &= Q(**{f"{prediction}created_at__lt": until})
    if sources is not None:
        q &= Q(**{f"{prediction}source__in": list(sources)})
    return q


class Day(TruncDate):
    """TruncDate, computed by SQLite itself when days are UTC days (the site's setting).
    Django's SQLite TruncDate calls a Python function per row, a second per 100,000 rows;
    SQLite's own date() of the UTC text it stores takes a tenth of that."""

    def as_sqlite(self, compiler, connection, **extra):
        if self.get_tzname() not in (None, "UTC"):
            return self.as_sql(compiler, connection)
        sql, params = compiler.compile(self.lhs)
        return f"date({sql})", params


def predictions_per_day(*, since, until, sources=None) -> list[dict]:
    """[{"day": date, "source": "web" | "api" | "batch", "count": int}], by day then source; days and
    sources without predictions are left out. Days are in the site's time zone."""
    rows = (
        Prediction.objects.filter(in_range(since, until, sources))
        .annotate(day=Day("created_at"))
        .values("day", "source")
    )
    return list(rows.annotate(count=Count("pk")).order_by("day", "source"))


def probability_histogram(*, since, until, sources=None, bins: int = 10) -> list[int]:
    """How many predictions fall in each of `bins` equal-width probability buckets; a
    probability of exactly 1 counts in the last."""
    # Floor's type differs by database (float on SQLite, numeric on PostgreSQL): the cast
    # gives both the same integer keys.
    bucket = Cast(Least(Floor(F("probability") * bins), bins - 1), IntegerField())
    grouped = (
        Prediction.objects.filter(in_range(since, until, sources))
        .values(bucket=bucket)
        .annotate(n=Count("pk"))
        .order_by("bucket")
    )
    counts = [0] * bins
    for row in grouped:  # at most `bins` groups
        counts[row["bucket"]] = row["n"]
    return counts


def live_quality(*, since=None, until=None, sources=None) -> list[dict]:
    """Per model version with predictions in [since, until), newest first: counts, the share
    it predicted over $50K, live figures from the outcomes recorded (None below MIN_OUTCOMES),
    the accuracy it expects of itself, and the held-out figures it was trained with."""
    per_version = (
        Prediction.objects.filter(in_range(since, until, sources))
        .values("model_version")
        .annotate(
            predictions=Count("pk"),
            over=Count("pk", filter=Q(label=True)),
            expected=Avg(Greatest(F("probability"), 1.0 - F("probability"), output_field=FloatField())),
        )
        .order_by("-model_version")
    )
    # The outcomes are read from their own, smaller table: counting them by a join from every
    # prediction cost more than the rest of the page.
    known = Outcome.objects.filter(in_range(since, until, sources, "prediction__")).values_list(
        "prediction__model_version", "prediction__probability", "earns_over_50k"
    )
    known = np.array(list(known), dtype=float).reshape(-1, 3)
    # The held-out figures each version was trained with, its card's calibration error included.
    held_out = {
        pk: {**{key: metrics.get(key) for key in ("accuracy", "roc_auc", "brier")}, "ece": ece}
        for pk, metrics, ece in ModelVersion.objects.values_list("pk", "metrics", "card__calibration__ece")
    }
    out = []
    for entry in per_version:
        version = entry["model_version"]
        mine = known[known[:, 0] == version]
        figures = mlcore.live_figures(mine[:, 2], mine[:, 1])  # every figure None below MIN_OUTCOMES
        out.append(
            {
                "id": version,
                "predictions": entry["predictions"],
                "over": entry["over"],
                "share": entry["over"] / entry["predictions"],
                **figures,
                "expected_accuracy": round(entry["expected"], 6) if entry["expected"] is not None else None,
                "held_out": held_out.get(version),
            }
        )
    return out


def _recent(version_id: int, until, sources) -> tuple:
    """(queryset, description) of the window's predictions by the active version."""
    spec, until = window(), until or timezone.now()
    rows = Prediction.objects.filter(in_range(None, until, sources), model_version_id=version_id)
    since = None
    if spec["rows"]:
        ids = rows.order_by("-created_at", "-id").values_list("id", flat=True)[spec["rows"] - 1 : spec["rows"]]
        rows = rows.filter(id__gte=ids[0]) if ids else rows
    else:
        since = until - timedelta(days=spec["days"])
        rows = rows.filter(created_at__gte=since)
    return rows, {**spec, "since": since, "until": until}


def drift_report(*, until=None, sources=None) -> dict:
    """The active version's recent inputs against its training profile (see the contract
    in mlcore's drift module): per input PSI, JS distance and band, and the exact log-odds
    shift. The window says how many of its rows came from each source."""
    chosen = sorted(sources) if sources is not None else None
    try:
        model = active_model()
    except ModelUnavailable:
        empty = {"rows_found": 0, "by_source": {}, "sources": chosen, "version": None}
        return {"window": {**window(), **empty}, "drift": [], "shift": None}
    version = model.version
    profile = ModelVersion.objects.filter(pk=version.pk).values_list("profile", flat=True).first() or {}
    rows, described = _recent(version.pk, until, sources)
    by_source = dict(rows.order_by().values_list("source").annotate(n=Count("pk")))
    found = sum(by_source.values())
    counts = {}
    for name in profile.get("features", {}):
        grouped = rows.values(value=KT(f"inputs__{name}")).annotate(n=Count("pk")).values_list("value", "n")
        numeric = "edges" in profile["features"][name]
        counts[name] = {(int(v) if numeric and v is not None else v): n for v, n in grouped}
    report = mlcore.compare_drift(profile, counts, found) if profile else []
    shift = mlcore.log_odds_shift(model.predictor.explainer, counts, found) if profile else None
    described.update(rows_found=found, by_source=by_source, sources=chosen, version=version.pk)
    return {"window": described, "drift": report, "shift": shift}
