"""Reads for watching the model: live quality once outcomes arrive, and input drift.

Counts and sums are aggregated by the database; only the rows that have an outcome (for
ROC AUC and its interval) and one count per distinct input value (for drift) come back to
Python, as arrays and small dicts, never one object per prediction.
"""

from datetime import timedelta

import numpy as np
from django.conf import settings
from django.db.models import Avg, Count, F, FloatField, Q
from django.db.models.fields.json import KT
from django.db.models.functions import Greatest
from django.utils import timezone

from mlcore import drift
from mlcore.live import MIN_OUTCOMES, live_figures

from .models import ModelVersion, Outcome, Prediction
from .registry import ModelUnavailable, active_predictor

__all__ = ["MIN_OUTCOMES", "drift_report", "live_quality", "window"]


def window() -> dict:
    """The drift window from the settings: {"days": int | None, "rows": int | None}."""
    rows = settings.DRIFT_WINDOW_ROWS
    return {"days": None if rows else settings.DRIFT_WINDOW_DAYS, "rows": rows}


def _in_range(since, until, field: str = "created_at") -> Q:
    q = Q()
    if since is not None:
        q &= Q(**{f"{field}__gte": since})
    if until is not None:
        q &= Q(**{f"{field}__lt": until})
    return q


def live_quality(*, since=None, until=None) -> list[dict]:
    """Per model version with predictions in [since, until), newest first: counts, the share
    it predicted over $50K, live figures from the outcomes recorded (None below MIN_OUTCOMES),
    the accuracy it expects of itself, and the held-out figures it was trained with."""
    per_version = (
        Prediction.objects.filter(_in_range(since, until))
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
    known = Outcome.objects.filter(_in_range(since, until, "prediction__created_at")).values_list(
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
        figures = live_figures(mine[:, 2], mine[:, 1])  # every figure None below MIN_OUTCOMES
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


def _recent(version_id: int, until) -> tuple:
    """(queryset, description) of the window's predictions by the active version."""
    spec, until = window(), until or timezone.now()
    rows = Prediction.objects.filter(model_version_id=version_id, created_at__lt=until)
    since = None
    if spec["rows"]:
        ids = rows.order_by("-created_at", "-id").values_list("id", flat=True)[spec["rows"] - 1 : spec["rows"]]
        rows = rows.filter(id__gte=ids[0]) if ids else rows
    else:
        since = until - timedelta(days=spec["days"])
        rows = rows.filter(created_at__gte=since)
    return rows, {**spec, "since": since, "until": until}


def drift_report(*, until=None) -> dict:
    """The active version's recent inputs against its training profile (see the contract
    in mlcore.drift): per input PSI, JS distance and band, and the exact log-odds shift."""
    try:
        version, predictor = active_predictor()
    except ModelUnavailable:
        return {"window": {**window(), "rows_found": 0, "version": None}, "drift": [], "shift": None}
    profile = ModelVersion.objects.filter(pk=version.pk).values_list("profile", flat=True).first() or {}
    rows, described = _recent(version.pk, until)
    found = rows.count()
    counts = {}
    for name in profile.get("features", {}):
        grouped = rows.values(value=KT(f"inputs__{name}")).annotate(n=Count("pk")).values_list("value", "n")
        numeric = "edges" in profile["features"][name]
        counts[name] = {(int(v) if numeric and v is not None else v): n for v, n in grouped}
    report = drift.compare(profile, counts, found) if profile else []
    shift = drift.log_odds_shift(predictor.explainer, counts, found) if profile else None
    return {"window": {**described, "rows_found": found, "version": version.pk}, "drift": report, "shift": shift}
