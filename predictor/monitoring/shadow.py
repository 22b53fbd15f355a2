"""How the shadow version compares with the active one on the very rows both scored: a read.

Every figure comes from predictions the shadow scored beside the current active version, so
the two are judged on the same people; live quality only from those with an outcome.
"""

import numpy as np

import mlcore
from predictor.models import ModelVersion, Prediction

from .expressions import in_range

FIGURES = ("accuracy", "accuracy_interval", "roc_auc", "roc_auc_interval", "brier", "brier_interval")


def _pairs(shadow: ModelVersion, active_id: int | None, since, until, sources):
    rows = Prediction.objects.filter(in_range(since, until, sources), shadow_version=shadow, model_version=active_id)
    columns = ("pk", "probability", "shadow_probability", "label", "shadow_label", "outcome__earns_over_50k")
    values = list(rows.exclude(shadow_probability=None).values_list(*columns))
    return np.array(values, dtype=float).reshape(-1, len(columns))  # an outcome not yet known is NaN


def _quality(y: np.ndarray, p: np.ndarray) -> dict:
    figures = mlcore.live_figures(y, p)
    return {key: figures[key] for key in FIGURES}


def _shadow_and_active():
    shadow = ModelVersion.objects.filter(is_shadow=True).only("pk").first()
    active_id = ModelVersion.objects.filter(is_active=True).values_list("pk", flat=True).first()
    return shadow, active_id


def _disagreements(pairs: np.ndarray, limit: int) -> list[dict]:
    """The predictions where the two probabilities differ most, largest first."""
    difference = np.abs(pairs[:, 1] - pairs[:, 2])
    top = np.argsort(-difference, kind="stable")[:limit]
    return [
        {"id": int(pairs[i, 0]), "probability": pairs[i, 1], "shadow_probability": pairs[i, 2], "difference": d}
        for i, d in zip(top.tolist(), difference[top].tolist(), strict=True)
    ]


def _tenths(p: np.ndarray) -> list[int]:
    return np.histogram(p, bins=10, range=(0.0, 1.0))[0].tolist()


def shadow_comparison(*, since=None, until=None, sources=None, detail: bool = False) -> dict | None:
    """{"version", "active_version", "compared", "agreement", "mean_abs_diff", "outcomes",
    "active": {accuracy, roc_auc, brier and their intervals}, "candidate": {the same}} over
    the predictions made in [since, until) by `sources` that both versions scored; None when
    no shadow is set. Agreement and the mean difference are None with nothing compared, the
    quality figures None below mlcore's MIN_OUTCOMES outcomes.

    With `detail`, for the dashboard: "histograms" (each version's probabilities counted per
    tenth) and "disagreements" (the ten predictions where they differ most)."""
    shadow, active_id = _shadow_and_active()
    if shadow is None:
        return None
    pairs = _pairs(shadow, active_id, since, until, sources)
    compared = len(pairs)
    known = pairs[~np.isnan(pairs[:, 5])]
    y = known[:, 5].astype(int)
    figures = {
        "version": shadow.pk,
        "active_version": active_id,
        "compared": compared,
        "agreement": float((pairs[:, 3] == pairs[:, 4]).mean()) if compared else None,
        "mean_abs_diff": float(np.abs(pairs[:, 1] - pairs[:, 2]).mean()) if compared else None,
        "outcomes": len(known),
        "active": _quality(y, known[:, 1]),
        "candidate": _quality(y, known[:, 2]),
    }
    if detail:
        figures["histograms"] = {"active": _tenths(pairs[:, 1]), "candidate": _tenths(pairs[:, 2])}
        figures["disagreements"] = _disagreements(pairs, 10)
    return figures
