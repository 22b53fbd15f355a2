"""The batch worker as `make serve` runs it, for tests that need files scored in the background."""

import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def stop(process: subprocess.Popen, seconds: float) -> None:
    """Ask a process to stop; kill it if it has not within `seconds`."""
    process.terminate()
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def batch_worker(env: dict, stdout=subprocess.DEVNULL):
    """Yield the process of `manage.py batch_worker` with `env` (the server's, so the same
    database and BATCH_DIR); stopped afterwards, killed if it will not stop in 10 s."""
    process = subprocess.Popen(
        [sys.executable, "manage.py", "batch_worker", "-v1"], cwd=ROOT, env=env, stdout=stdout, stderr=subprocess.STDOUT
    )
    try:
        yield process
    finally:
        stop(process, 10)
