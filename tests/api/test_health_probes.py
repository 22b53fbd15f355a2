"""The health probes: /healthz without a database, /readyz naming what keeps the site from being ready."""

from contextlib import contextmanager

from django.db import OperationalError, connection, transaction
from django.test.utils import CaptureQueriesContext

from predictor.models import ModelVersion
from predictor.monitoring import probes


def test_healthz_answers_without_a_database(client):
    # No `db` fixture: pytest-django fails any query, so this also proves none is made.
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_readyz_is_ready_with_an_active_model(client, active_version):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ready", "model_version": active_version.pk}


def test_readyz_is_503_without_an_active_model(client, db):
    response = client.get("/readyz")
    assert response.status_code == 503 and "python manage.py retrain" in response.json()["detail"]


def test_readyz_is_503_when_the_database_is_unreachable(client, monkeypatch):
    def unreachable():
        raise OperationalError("connection refused by db.internal")

    monkeypatch.setattr(probes, "active_model", unreachable)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["detail"] == "the database is unreachable"  # the driver's message stays in the log


def test_readyz_tries_a_write_and_keeps_nothing_of_it(client, active_version):
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/readyz").status_code == 200
    sent = [query["sql"] for query in queries]
    assert any(sql.startswith("UPDATE") for sql in sent) and sent[-2].startswith("ROLLBACK"), sent
    assert ModelVersion.objects.get(pk=active_version.pk).activated_by == "tests"


@contextmanager
def read_only_connection():
    """The test's connection refusing writes as a read-only database does, by each database's
    own switch: SQLite's query_only (SQLITE_READONLY, as for a file that cannot be written),
    PostgreSQL's read-only transaction (25006, as on a standby). Yields the driver's words."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA query_only = ON")
            try:
                yield "attempt to write a readonly database"
            finally:
                cursor.execute("PRAGMA query_only = OFF")
        else:
            with transaction.atomic():  # a savepoint: rolling it back undoes the switch
                cursor.execute("SET TRANSACTION READ ONLY")
                yield "in a read-only transaction"
                transaction.set_rollback(True)


def test_readyz_is_503_naming_a_database_that_refuses_writes(client, active_version, caplog):
    with read_only_connection() as words:
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["detail"] == "the database is read-only, so no prediction can be stored"
    assert words in caplog.text and words not in response.content.decode()  # the driver's are for the log
