"""Probes for load balancers, orchestrators and Prometheus, outside the versioned API.

`healthz` says only that the process answers, so a slow database never gets a healthy
process restarted; `readyz` says whether this process can serve predictions right now, which
means reading the active model and being able to store what it answers; `prometheus` answers
/metrics, the Prometheus exposition, for a scraper holding METRICS_TOKEN.
"""

import logging
import sqlite3

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.http import Http404, HttpResponse, JsonResponse
from django.utils.crypto import constant_time_compare
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from prometheus_client.exposition import choose_encoder

from predictor.models import ModelVersion
from predictor.registry import ModelUnavailable, active_model

from .exposition import exposition_registry

logger = logging.getLogger(__name__)
# What a write refused by a read-only database is told, here and as the write's own answer.
READ_ONLY = "the database is read-only, so no prediction can be stored"


@never_cache
@require_safe
def healthz(request):
    return JsonResponse({"status": "ok"})


def database_read_only(error: DatabaseError) -> bool:
    """Whether the driver's error under Django's says the database refuses writes because it
    is read-only: SQLite's SQLITE_READONLY (its extended codes keep it in the low byte), or
    PostgreSQL's read_only_sql_transaction, 25006 (a standby, default_transaction_read_only)."""
    cause = error.__cause__
    sqlite_code = getattr(cause, "sqlite_errorcode", 0) & 0xFF
    return sqlite_code == sqlite3.SQLITE_READONLY or getattr(cause, "sqlstate", None) == "25006"


def _write_check() -> None:
    """Take the write lock and let it go, changing nothing; DatabaseError when this process
    cannot write. On SQLite the transaction begins IMMEDIATE (settings/storage.py), which takes the
    lock, waiting behind a batch chunk as a prediction would; on PostgreSQL an UPDATE is refused
    in a read-only transaction before any row is read. This one matches no row all the same
    (a primary key is never null), and is rolled back."""
    with transaction.atomic():
        ModelVersion.objects.filter(pk__isnull=True).update(activated_by="")
        transaction.set_rollback(True)


def _unavailable(detail: str) -> JsonResponse:
    return JsonResponse({"status": "unavailable", "detail": detail}, status=503)


def _database_failed(detail: str) -> JsonResponse:
    # The connection may be the broken part: SQLite opened while its file was read-only stays
    # read-only, and PostgreSQL's session keeps the settings it began with. The next check
    # opens a new one, so readiness returns with the database, not when CONN_MAX_AGE runs out.
    if not connection.in_atomic_block:  # a transaction still open is its opener's (a test's)
        connection.close()
    return _unavailable(detail)


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
        return _database_failed("the database is unreachable")
    try:
        _write_check()
    except DatabaseError as error:
        logger.exception("readiness check: the database refuses writes")
        if database_read_only(error):
            return _database_failed(READ_ONLY)
        return _database_failed("the database refuses writes, so no prediction can be stored")
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
