"""Probes for load balancers and orchestrators, outside the versioned API.

`healthz` says only that the process answers, so a slow database never gets a healthy
process restarted; `readyz` says whether this process can serve predictions right now.
"""

import logging

from django.db import DatabaseError
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .registry import ModelUnavailable, active_predictor

logger = logging.getLogger(__name__)


@never_cache
@require_safe
def healthz(request):
    return JsonResponse({"status": "ok"})


def _unavailable(detail: str) -> JsonResponse:
    return JsonResponse({"status": "unavailable", "detail": detail}, status=503)


@never_cache
@require_safe
def readyz(request):
    try:
        version, _ = active_predictor()  # one indexed read; loads the model on first use
    except ModelUnavailable as error:
        return _unavailable(str(error))
    except DatabaseError:
        # The driver's message can name hosts and users; it goes to the log, not the caller.
        logger.exception("readiness check: database unreachable")
        return _unavailable("the database is unreachable")
    return JsonResponse({"status": "ready", "model_version": version.pk})
