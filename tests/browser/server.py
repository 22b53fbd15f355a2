"""A real censussite server for browser tests and screenshots.

It runs gunicorn on a free loopback port against its own SQLite file, migrated and with
the default model trained, just as `make serve` would on a fresh machine.
"""

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
# Chromium as root in a container, on a machine with no network beyond loopback.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


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
def running_server():
    """Yield (base_url, sqlite_path) of a freshly set-up server; stop it afterwards."""
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "db.sqlite3"
        env = {**os.environ, "SQLITE_PATH": str(db), "DJANGO_SECRET_KEY": "browser-test-key"}
        env.pop("DJANGO_DEBUG", None)
        run = {"cwd": ROOT, "env": env, "check": True, "stdout": subprocess.DEVNULL}
        subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], **run)
        subprocess.run([sys.executable, "manage.py", "retrain", "--if-none-active"], **run)
        subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], **run)
        port = _free_port()
        gunicorn = Path(sys.executable).parent / "gunicorn"
        command = [str(gunicorn), "censussite.wsgi", "-b", f"127.0.0.1:{port}", "-w", "2", "--log-level", "warning"]
        process = subprocess.Popen(command, cwd=ROOT, env=env)
        try:
            base_url = f"http://127.0.0.1:{port}"
            _wait_until_up(base_url + "/", process)
            yield base_url, db
        finally:
            process.terminate()
            process.wait(timeout=10)
