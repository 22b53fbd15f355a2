"""Real censussite servers for browser, scale-out tests and screenshots.

Each runs gunicorn on a free loopback port, set up as `make serve` would set up a fresh
machine: migrated, static files collected, the default model trained.
"""

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from contextlib import ExitStack, contextmanager
from pathlib import Path

from tests.browser.worker import batch_worker, stop

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
# Chromium as root in a container, on a machine with no network beyond loopback.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


def manage(env: dict, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return result.stdout


def site_env(**extra: str) -> dict:
    """A server's environment: plain HTTP on loopback, on the database `extra` names (its
    own SQLite file unless DATABASE_URL is given, whatever the test run itself uses). The
    form is not rate-limited: browsers, soaks and benchmarks post it from one address, and
    the tests of its limit pass FORM_RATE."""
    env = {**os.environ, "DJANGO_SECRET_KEY": "server-test-key", "DJANGO_HTTPS": "0", "FORM_RATE": "off"}
    env.pop("DJANGO_DEBUG", None)
    env.pop("DATABASE_URL", None)
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)  # gunicorn.conf.py then gives each server its own
    return {**env, **extra}


def prepare(env: dict) -> None:
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")
    manage(env, "retrain", "--if-none-active")


def csrf_token(html: str) -> str:
    """The hidden CSRF input's value from a page with a form, as a browser would post it."""
    return html.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_up(url: str, process: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"server at {url} did not answer within {seconds} s")


@contextmanager
def gunicorn_process(
    env: dict,
    workers: int = 2,
    stderr=None,
    ready_path: str = "/",
    seconds: float = 30,
    app: str = "censussite.wsgi",
    cwd: Path = ROOT,
    binary: Path | None = None,
):
    """Yield (master process, base URL) of a gunicorn serving `app` (the site by default)
    with `env`, once `ready_path` answers; `stderr` takes its log (default: the test's).
    Stopped afterwards gracefully, so workers finish the request in hand."""
    port = _free_port()
    binary = binary or Path(sys.executable).parent / "gunicorn"
    command = [str(binary), app, "-b", f"127.0.0.1:{port}", "-w", str(workers), "--log-level", "warning"]
    if app == "censussite.wsgi":  # the site's own settings, as `make serve` passes them
        command += ["-c", str(ROOT / "gunicorn.conf.py")]
    process = subprocess.Popen(command, cwd=cwd, env=env, stderr=stderr)
    try:
        base_url = f"http://127.0.0.1:{port}"
        _wait_until_up(base_url + ready_path, process, seconds)
        yield process, base_url
    finally:
        stop(process, 30)


@contextmanager
def gunicorn(env: dict, **options):
    """Yield the base URL of a gunicorn serving the site (options as gunicorn_process)."""
    with gunicorn_process(env, **options) as (_, base_url):
        yield base_url


@contextmanager
def throwaway_postgres(purpose: str):
    """Yield the URL of a new, empty database on the local PostgreSQL; drop it afterwards."""
    import psycopg  # only the PostgreSQL tests need the driver loaded

    admin_url = "postgresql://postgres@127.0.0.1:5432/postgres"
    name = f"censussite_{purpose}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql://postgres@127.0.0.1:5432/{name}"
    finally:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


@contextmanager
def running_server(worker: bool = False, **extra: str):
    """Yield (base_url, sqlite_path) of a freshly set-up server on its own SQLite file, its
    environment given `extra` too (SQLITE_SYNCHRONOUS, say); with `worker`, a batch worker
    runs beside it, as `make serve` starts one."""
    with ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        db = tmp / "db.sqlite3"
        paths = {"SQLITE_PATH": str(db), "DJANGO_STATIC_ROOT": str(tmp / "static"), "BATCH_DIR": str(tmp / "batch")}
        env = site_env(**paths, **extra)
        prepare(env)
        if worker:
            stack.enter_context(batch_worker(env))
        yield stack.enter_context(gunicorn(env)), db
