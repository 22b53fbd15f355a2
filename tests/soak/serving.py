"""The site under soak and what an operator does to it: a fresh database, a gunicorn
master with its workers, a worker killed, a retrain."""

import os
import signal
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from tests.browser.server import ROOT, gunicorn_process, prepare, site_env, throwaway_postgres

WORKERS = 4


@contextmanager
def fresh_site(db: str):
    """Yield (env, target, tmp): a migrated site with the default model trained, where
    target is the SQLite file or the PostgreSQL URL, and tmp a directory for its files."""
    with tempfile.TemporaryDirectory(prefix="censussite-soak-") as name:
        tmp = Path(name)
        # One client address sends everything, far past the API's per-address limit.
        extra = {"DJANGO_STATIC_ROOT": str(tmp / "static"), "API_ANON_RATE": "1000000/min"}
        if db == "sqlite":
            env = site_env(SQLITE_PATH=str(tmp / "db.sqlite3"), **extra)
            prepare(env)
            yield env, str(tmp / "db.sqlite3"), tmp
        else:
            with throwaway_postgres("soak") as url:
                env = site_env(DATABASE_URL=url, **extra)
                prepare(env)
                yield env, url, tmp


@contextmanager
def gunicorn_master(env: dict, log_path: Path):
    """Yield (master process, base URL) of gunicorn with WORKERS workers; stop it afterwards."""
    with log_path.open("w") as log:
        try:
            # Four workers importing Django and scikit-learn at once on two busy cores take a while.
            with gunicorn_process(env, WORKERS, stderr=log, ready_path="/healthz", seconds=120) as (master, base_url):
                wait_for_workers(master.pid, seconds=30)
                yield master, base_url
        except RuntimeError as error:
            raise RuntimeError(f"{error}; the gunicorn log ends:\n{log_path.read_text()[-3000:]}") from None


def workers(master: int) -> set[int]:
    """The master's live children. A killed worker stays in /proc as a zombie until the
    master reaps it, so zombies do not count."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            state, ppid = stat.read_text().rsplit(")", 1)[1].split()[:2]
        except OSError:  # exited while we looked
            continue
        if state != "Z" and int(ppid) == master:
            found.add(int(stat.parent.name))
    return found


def wait_for_workers(master: int, seconds: float, gone: int | None = None) -> float | None:
    """Seconds until the master has WORKERS live workers, none of them `gone`; None if never."""
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        alive = workers(master)
        if len(alive) == WORKERS and gone not in alive:
            return time.monotonic() - start
        time.sleep(0.05)
    return None


def kill_worker(master: int) -> tuple[int, float | None]:
    """SIGKILL one worker, as the OOM killer would; return its pid and how long the master
    took to have WORKERS workers again (None if it did not within 10 s)."""
    victim = min(workers(master))
    os.kill(victim, signal.SIGKILL)
    return victim, wait_for_workers(master, seconds=10, gone=victim)


def retrain(env: dict) -> subprocess.CompletedProcess:
    command = [sys.executable, "manage.py", "retrain"]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
