"""/api/v1/monitoring: how the models are doing on real people, and how far inputs drifted.

The router and the shapes it answers with; predictor/api mounts it beside the others.
"""

from datetime import datetime
from typing import Literal

from ninja import Field, Query, Router, Schema
from ninja.errors import ValidationError

from predictor.api.auth import READ, ApiKeyAuth
from predictor.api.schemas import ErrorOut

from . import selectors
from .forms import parse_sources
from .shadow import shadow_comparison


class VersionQualityOut(Schema):
    id: int = Field(description="The model version.")
    outcomes: int = Field(ge=0, description="Outcomes recorded for its predictions.")
    accuracy: float | None = Field(ge=0, le=1, description="Null below the minimum number of outcomes (50).")
    roc_auc: float | None = Field(ge=0, le=1, description="Null below 50 outcomes, or while only one outcome occurs.")
    brier: float | None = Field(ge=0, le=1, description="Null below 50 outcomes. Lower is better.")
    expected_accuracy: float | None = Field(
        ge=0, le=1, description="The mean of max(p, 1 - p) over its predictions: needs no outcomes."
    )


class DriftOut(Schema):
    feature: str
    psi: float | None = Field(ge=0, description="Population stability index; null with too few recent rows.")
    js: float | None = Field(ge=0, le=1, description="Jensen-Shannon distance (base 2); null with too few rows.")
    band: Literal["stable", "watch", "act"] | None = Field(description="PSI under 0.1, to 0.25, over 0.25.")


class WindowOut(Schema):
    days: int | None = Field(description="The window in days (DRIFT_WINDOW_DAYS), unless it is counted in rows.")
    rows: int | None = Field(description="The window in predictions (DRIFT_WINDOW_ROWS), when set.")
    since: datetime | None = Field(None, description="Start of a window in days.")
    until: datetime | None = Field(None, description="End of the window (now); null when no model is active.")
    rows_found: int = Field(ge=0, description="Predictions by the active version in the window.")
    version: int | None = Field(description="The active version whose inputs were compared; null when none is.")
    by_source: dict[str, int] = Field(description="How many of the window's rows came from each source.")
    sources: list[Literal["web", "api", "batch"]] | None = Field(description="The sources looked at; null for all.")


class LiveQualityOut(Schema):
    accuracy: float | None = Field(ge=0, le=1, description="Null below 50 outcomes.")
    accuracy_interval: list[float] | None = Field(description="95% Wilson interval; null below 50 outcomes.")
    roc_auc: float | None = Field(ge=0, le=1, description="Null below 50 outcomes, or while only one outcome occurs.")
    roc_auc_interval: list[float | None] | None = Field(description="95% bootstrap interval, or null.")
    brier: float | None = Field(ge=0, le=1, description="Null below 50 outcomes. Lower is better.")
    brier_interval: list[float | None] | None = Field(description="95% bootstrap interval, or null.")


class ShadowOut(Schema):
    version: int = Field(description="The shadow version: it scores every prediction, and answers no one.")
    active_version: int | None = Field(description="The active version it is compared with.")
    compared: int = Field(ge=0, description="Predictions both versions scored (in the sources asked for).")
    agreement: float | None = Field(ge=0, le=1, description="Share of those where both gave the same label.")
    mean_abs_diff: float | None = Field(ge=0, le=1, description="Mean absolute difference of the probabilities.")
    outcomes: int = Field(ge=0, description="Of the compared predictions, those with an outcome recorded.")
    active: LiveQualityOut = Field(description="The active version's live figures on those outcomes.")
    candidate: LiveQualityOut = Field(description="The shadow's live figures on the same outcomes.")


class MonitoringOut(Schema):
    versions: list[VersionQualityOut] = Field(description="Every version with predictions, newest first; all time.")
    drift: list[DriftOut] = Field(description="Per input of the active version, against its training inputs.")
    window: WindowOut
    shadow: ShadowOut | None = Field(description="The shadow version beside the active one on the same rows, or null.")


router = Router(tags=["monitoring"])


@router.get(
    "",
    auth=ApiKeyAuth(READ),
    response={200: MonitoringOut, (401, 403, 422, 429): ErrorOut},
    summary="Live quality per model version, and input drift",
)
def monitoring_detail(
    request, source: str | None = Query(None, description="Sources to look at, comma-separated: web, api, batch")
):
    """Needs a key with the `read` scope. `versions`: each version's figures against every
    outcome recorded so far (null below 50 outcomes: too few to say). `drift`: the active
    version's inputs in the recent `window` against its training inputs (null below 200
    rows). The same figures as `manage.py drift` and the staff dashboard; `?source=api,batch`
    looks at those sources only, live quality and drift alike. `shadow`: while a version
    shadows the active one, both compared on the very predictions both scored."""
    # A misspelt parameter (?sources=api) would otherwise be ignored and answer for every source.
    unknown = [name for name in request.GET if name != "source"]
    problems = [{"loc": ("query", name), "msg": "is not a parameter here; allowed: source"} for name in unknown]
    if len(request.GET.getlist("source")) > 1:  # only the last would be read
        problems.append({"loc": ("query", "source"), "msg": "give it once, the sources comma-separated: api,batch"})
    try:
        sources = parse_sources(source)
    except ValueError as error:
        problems.append({"loc": ("query", "source"), "msg": str(error).removeprefix("source: ")})
    if problems:
        raise ValidationError(problems)
    report = selectors.drift_report(sources=sources)
    versions = selectors.live_quality(sources=sources)
    comparison = shadow_comparison(sources=sources)
    return {"versions": versions, "drift": report["drift"], "window": report["window"], "shadow": comparison}
