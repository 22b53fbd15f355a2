"""/api/v1/monitoring: how the models are doing on real people, and how far inputs drifted."""

from ninja import Router

from .. import monitoring
from .auth import READ, ApiKeyAuth
from .monitoring_schemas import MonitoringOut
from .schemas import ErrorOut

router = Router(tags=["monitoring"])


@router.get(
    "",
    auth=ApiKeyAuth(READ),
    response={200: MonitoringOut, (401, 403, 429): ErrorOut},
    summary="Live quality per model version, and input drift",
)
def monitoring_detail(request):
    """Needs a key with the `read` scope. `versions`: each version's figures against every
    outcome recorded so far (null below 50 outcomes: too few to say). `drift`: the active
    version's inputs in the recent `window` against its training inputs (null below 200
    rows). The same figures as `manage.py drift` and the staff dashboard."""
    report = monitoring.drift_report()
    return {"versions": monitoring.live_quality(), "drift": report["drift"], "window": report["window"]}
