"""Probes for load balancers, orchestrators and Prometheus, outside the versioned API.

`healthz` says only that the process answers, so a slow database never gets a healthy
process restarted; `readyz` says whether this process can serve predictions right now;
`prometheus` answers /metrics, the Prometheus exposition, for a scraper holding METRICS_TOKEN.
"""

import logging

from django.conf import settings
from django.db import DatabaseError
from django.http import Http404, HttpResponse, JsonResponse
from django.utils.crypto import constant_time_compare
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from prometheus_client.exposition import choose_encoder

from predictor.registry import ModelUnavailable, active_model

from .exposition import exposition_registry

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
        version = active_model().version  # one indexed read; loads the model on first use
    except ModelUnavailable as error:
        return _unavailable(str(error))
    except DatabaseError:
        # The driver's message can name hosts and users; it goes to the log, not the caller.
        logger.exception("readiness check: database unreachable")
        return _unavailable("the database is unreachable")
    return JsonResponse({"status": "ready", "model_version": version.pk})


@never_cache
@require_safe
def prometheus(request):
    token = settings.METRICS_TOKEN
    if not token:
        raise Http404  # not configured: the same answer as any path the site does not have
    scheme, _, sent = request.headers.get("Authorization", "").partition(" ")
    # Compared in constant time, so the answer's timing does not reveal how much was right.
    if scheme.lower() != "bearer" or not constant_time_compare(sent.strip(), token):
        response = HttpResponse("/metrics needs the bearer token set in METRICS_TOKEN.\n", status=401)
        response["Content-Type"] = "text/plain; charset=utf-8"
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    # In the format the scraper asks for (Prometheus says which in Accept), else text 0.0.4.
    encode, content_type = choose_encoder(request.headers.get("Accept", ""))
    return HttpResponse(encode(exposition_registry()), content_type=content_type)
