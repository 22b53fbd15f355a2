"""How the site answers a failure: its 500 answer, and a database fault ended with its cause.

`server_error` answers any unhandled failure (urls.py's handler500), and a write the
database refused as read-only (below), with the request id that finds it in the log.

Each worker keeps its connection between requests (CONN_MAX_AGE). A connection can carry a
fault beyond its cause: SQLite opened while its file could not be written stays read-only for
the connection's life, and a PostgreSQL session keeps the default_transaction_read_only it
began with. Django closes a connection after an error only when the backend finds it
unusable, and SQLite's never does, so once the file was writable again writes went on failing
until the connection aged out, ten minutes later. Here the request that met the error closes
it, and the worker's next request opens a fresh one.

A middleware's process_exception rather than the got_request_exception signal: it is handed
the exception (the signal's receivers get only the request), it can answer (see below), and
it is installed in MIDDLEWARE with the site's other request hooks instead of from an app's
ready(). It sees what a view raises, rendering included, which is where this site queries:
sessions and users load lazily, inside the view. A failure in another middleware (a session
saved on the way out) leaves that connection until the worker's next failing view or readyz.

A write refused because the database is read-only answers 503, not 500: the site is fine and
the database will take writes again once someone fixes it, which is what Service Unavailable
says, and what /readyz says meanwhile. The answer is the site's own 500 answer (the friendly
page, or the API's error shape) saying that, with the request id; the driver's message goes
to the log beside that id. Other database errors stay the 500 Django gives.
"""

import logging

from django.conf import settings
from django.db import DatabaseError, connections
from django.http import HttpResponse, JsonResponse
from django.template import loader

from predictor.monitoring.probes import READ_ONLY, database_read_only

logger = logging.getLogger(__name__)


def server_error(request, reason: str = "", status: int = 500):
    """The answer to an unhandled failure (the database down, say): no database or session
    touched, and the request id that finds the traceback in the log. `reason`, when the
    failure has one a visitor may be told, says it (a read-only database's 503)."""
    request_id = getattr(request, "id", "unknown")
    if request.path.startswith("/api/"):
        detail = f"{reason or 'the server failed to answer'}; quote request id {request_id} to its operator"
        return JsonResponse({"detail": detail, "errors": []}, status=status)
    context = {"request_id": request_id, "site_title": settings.SITE_NAME, "reason": reason}
    return HttpResponse(loader.render_to_string("500.html", context), status=status)


class DatabaseFaultMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DatabaseError):
            return None
        # Which alias failed the error does not say; closing one that did not costs only a
        # reconnect. A transaction still open belongs to whoever opened it (a test, say).
        for connection in connections.all(initialized_only=True):
            if not connection.in_atomic_block:
                connection.close()
        if not database_read_only(exception):
            return None
        logger.error("the database refused a write: it is read-only", exc_info=exception)
        return server_error(request, reason=READ_ONLY, status=503)
