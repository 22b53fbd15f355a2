"""Every read of the monitoring wing: per-day counts, the probability histogram, live
quality once outcomes arrive, and input drift.

The counts per day, tenth and version all come from one read of the range (traffic.py),
which hands back groups, never one object per prediction; besides it only the rows that
have an outcome (for ROC AUC and its interval) and the drift window's inputs, as JSON text,
come back to Python. Ranges are half-open, [since, until). Each read takes `sources`, the
prediction sources to look at ("web", "api", "batch"); None is every source.
"""

from collections import Counter
from datetime import timedelta

import numpy as np
import orjson
from django.conf import settings
from django.db.models import TextField
from django.db.models.functions import Cast
from django.utils import timezone

import mlcore
from predictor.models import ModelVersion, Outcome, Prediction
from predictor.registry import ModelUnavailable, active_model

from .expressions import in_range
from .traffic import Traffic, traffic


def window() -> dict:
    """The drift window from the settings: {"days": int | None, "rows": int | None}."""
    rows = settings.DRIFT_WINDOW_ROWS
    return {"days": None if rows else settings.DRIFT_WINDOW_DAYS, "rows": rows}


def predictions_per_day(*, since, until, sources=None) -> list[dict]:
    """[{"day": date, "source": "web" | "api" | "batch", "count": int}], by day then source; days and
    sources without predictions are left out. Days are in the site's time zone."""
    counts = traffic(since=since, until=until, sources=sources).per_day
    return [{"day": day, "source": source, "count": counts[day, source]} for day, source in sorted(counts)]


def probability_histogram(*, since, until, sources=None) -> list[int]:
    """How many predictions fall in each tenth of probability; a probability of exactly 1
    counts in the last."""
    return traffic(since=since, until=until, sources=sources).histogram


def live_quality(*, since=None, until=None, sources=None, scanned: Traffic | None = None) -> list[dict]:
    """Per model version with predictions in [since, until), newest first: counts, the share
    it predicted over $50K, live figures from the outcomes recorded (None below MIN_OUTCOMES),
    the accuracy it expects of itself, and the held-out figures it was trained with.
    `scanned` is the range's traffic when the caller has read it already."""
    versions = (scanned or traffic(since=since, until=until, sources=sources)).versions
    # The outcomes are read from their own, smaller table: counting them by a join from every
    # prediction cost more than the rest of the page. They stay in the table's order (newest
    # recorded first): the bootstrap's intervals depend on the order of tied probabilities.
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
    for version_id in sorted(versions, reverse=True):
        entry, mine = versions[version_id], known[known[:, 0] == version_id]
        out.append(
            {
                "id": version_id,
                "predictions": entry.predictions,
                "over": entry.over,
                "share": entry.over / entry.predictions,
                **mlcore.live_figures(mine[:, 2], mine[:, 1]),  # every figure None below MIN_OUTCOMES
                "expected_accuracy": round(entry.expected, 6),
                "held_out": held_out.get(version_id),
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


def _window_counts(rows, features: dict) -> tuple[dict, dict]:
    """({source: rows}, {input: {value: rows}}) of the window. Its inputs are read once as
    JSON text and counted here: SQLite took as long to pull each input out of the JSON in
    SQL and group by it, once per input, as the rest of the dashboard's year."""
    by_source, counts = Counter(), {name: Counter() for name in features}
    for source, text in rows.order_by().values_list("source", Cast("inputs", TextField())).iterator(5_000):
        by_source[source] += 1
        inputs = orjson.loads(text)
        for name, found in counts.items():
            found[inputs.get(name)] += 1
    # Each input's values in order, missing first, as the database listed them when each
    # input had its own query: the log-odds shift adds them up in this order.
    for name, found in counts.items():
        numeric = "edges" in features[name]
        found = {(int(v) if numeric and v is not None else v): n for v, n in found.items()}
        missing = {None: found.pop(None)} if None in found else {}
        counts[name] = missing | dict(sorted(found.items()))
    return dict(sorted(by_source.items())), counts


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
    by_source, counts = _window_counts(rows, profile.get("features", {}))
    found = sum(by_source.values())
    report = mlcore.compare_drift(profile, counts, found) if profile else []
    shift = mlcore.log_odds_shift(model.predictor.explainer, counts, found) if profile else None
    described.update(rows_found=found, by_source=by_source, sources=chosen, version=version.pk)
    return {"window": described, "drift": report, "shift": shift}
