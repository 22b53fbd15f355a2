"""A database that cannot be written, then can again: the fault ends with its cause.

Real gunicorn processes on the site's own database. A connection is opened once and kept
(CONN_MAX_AGE), and it carries the database's state at that moment: SQLite opened on a file it
may not write stays read-only, and a PostgreSQL session begun under
default_transaction_read_only stays read-only, after the database is writable again. A
connection opened before the fault goes on writing (a file's mode is checked when it is
opened), so the fault bites workers that open theirs while it lasts, as the incident's did when
their ten-minute connections aged out: here each test starts gunicorn after making the
database read-only. One worker, so each request meets the connection the one before it left:
with two, a pass might only mean the other worker answered.

On SQLite the fault is a chmod of the file (and its -wal and -shm, when there) to 0444; the
folder stays writable, since the database file opened read-only is what makes the connection
read-only, whatever SQLite keeps beside it. Root
ignores a file's mode (CAP_DAC_OVERRIDE), and the tests run as root here and in CI, so as
root gunicorn is started through `setpriv --bounding-set=-dac_override,-dac_read_search`:
still uid 0, owner of every file it needs, but without the two capabilities that let root
past a mode, so 0444 binds it as it binds any user. Another user could not even reach the
interpreter, which lives under root's 0700 home; `chattr +i` binds root too, but not on every
filesystem a temporary folder may be on (tmpfs, overlayfs), and the incident's fault was a
mode. On PostgreSQL the fault is ALTER DATABASE ... SET default_transaction_read_only.
"""

import json
import os
import sys
import tempfile
import urllib.request
from contextlib import ExitStack
from pathlib import Path

import pytest

from tests.browser.server import gunicorn, prepare, site_env, throwaway_postgres
from tests.faults.test_fresh_processes import JSON, RECORD, fetch

READ_ONLY = "the database is read-only, so no prediction can be stored"


def bound_by_modes(folder: Path) -> Path | None:
    """As root, a gunicorn that file modes bind (see above); None: gunicorn as it is."""
    if os.geteuid() != 0:
        return None
    script = folder / "gunicorn"
    gunicorn_binary = Path(sys.executable).parent / "gunicorn"
    script.write_text(f'#!/bin/sh\nexec setpriv --bounding-set=-dac_override,-dac_read_search {gunicorn_binary} "$@"\n')
    script.chmod(0o755)
    return script


def sqlite_switch(db: Path):
    def read_only(on: bool) -> None:
        for path in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
            if path.exists():
                path.chmod(0o444 if on else 0o644)

    return read_only


def postgres_switch(url: str):
    import psycopg  # only the PostgreSQL case needs the driver

    name = url.rsplit("/", 1)[1]

    def read_only(on: bool) -> None:
        change = "SET default_transaction_read_only = on" if on else "RESET default_transaction_read_only"
        with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as admin:
            admin.execute(f'ALTER DATABASE "{name}" {change}')

    return read_only


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def prepared(request):
    """(env, read_only switch, gunicorn binary or None, the driver's words for the refusal)."""
    with ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        env = site_env(SQLITE_PATH=str(tmp / "db.sqlite3"), DJANGO_STATIC_ROOT=str(tmp / "static"))
        if request.param == "postgresql":
            env["DATABASE_URL"] = stack.enter_context(throwaway_postgres("readonly"))
            switch, words = postgres_switch(env["DATABASE_URL"]), "in a read-only transaction"
        else:
            switch, words = sqlite_switch(tmp / "db.sqlite3"), "attempt to write a readonly database"
        prepare(env)
        yield env, switch, bound_by_modes(tmp), words


@pytest.fixture
def site(prepared):
    """The prepared site, writable again after each test, however it ended."""
    yield prepared
    prepared[1](False)


def predict(base_url: str) -> tuple[int, dict, dict]:
    status, body, headers = fetch(
        urllib.request.build_opener(), base_url + "/api/v1/predictions", json.dumps(RECORD).encode(), JSON
    )
    return status, json.loads(body), headers


def ready(base_url: str) -> tuple[int, dict]:
    status, body, _ = fetch(urllib.request.build_opener(), base_url + "/readyz")
    return status, json.loads(body)


def test_writes_come_back_with_the_database_not_ten_minutes_later(site, tmp_path):
    env, read_only, binary, words = site
    with gunicorn(env, workers=1, binary=binary) as base_url:
        assert predict(base_url)[0] == 201
    read_only(True)
    with (
        (tmp_path / "log").open("w+") as log,
        gunicorn(env, workers=1, stderr=log, ready_path="/healthz", binary=binary) as base_url,
    ):
        # /readyz first, so the refused write is the last request before the repair: the next
        # write succeeds only if the refused one let its connection go.
        assert ready(base_url) == (503, {"status": "unavailable", "detail": READ_ONLY})
        status, body, headers = predict(base_url)
        assert status == 503, f"the write was not refused: did root ignore the file's mode? {body}"
        assert headers["X-Request-ID"] in body["detail"] and body["errors"] == []
        assert body["detail"].startswith(READ_ONLY)  # the visitor is told why, not only that it failed
        read_only(False)
        assert predict(base_url)[0] == 201  # the very next write, on the same worker
        assert ready(base_url)[0] == 200
        log.seek(0)
        logged = log.read()
    assert f"[{headers['X-Request-ID']}]" in logged and words in logged
    assert words not in json.dumps(body)


def test_readiness_comes_back_with_the_database(site):
    env, read_only, binary, _ = site
    read_only(True)
    with gunicorn(env, workers=1, ready_path="/healthz", binary=binary) as base_url:
        assert ready(base_url) == (503, {"status": "unavailable", "detail": READ_ONLY})
        read_only(False)
        assert ready(base_url)[0] == 200  # its own check opened a new connection
        assert predict(base_url)[0] == 201
