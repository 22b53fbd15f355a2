"""Driving wrk (Debian's HTTP load generator) from Python, and the seed app it is compared with."""

import os
import shutil
import subprocess
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.browser.server import gunicorn

SEED = Path(__file__).resolve().parent / "seed"

# wrk calls `done` once at the end; printing one plain line spares us parsing its report.
# Errors are failed connects, reads, writes, timeouts and answers that are not 2xx or 3xx.
DONE = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %d %d %d\\n", summary.requests, summary.duration,
    latency:percentile(99), e.connect + e.read + e.write + e.status + e.timeout))
end
"""


@dataclass
class Result:
    requests: int
    seconds: float
    p99_ms: float
    errors: int

    @property
    def rate(self) -> float:
        return self.requests / self.seconds

    def summary(self) -> str:
        return f"{self.rate:8.0f} req/s  p99 {self.p99_ms:5.1f} ms  errors {self.errors}"


def _lua_string(text: str) -> str:
    return f"[==[{text}]==]"


# A request's person comes from a list (request["bodies"] or request["paths"]): each wrk
# thread walks it from its own place, so two threads never send the same person together.
VARIED = """
turn = 0  -- a global: setup gives each thread its own starting place
local started = START
function setup(thread)
  thread:set("turn", started)
  started = started + math.floor(#varied / THREADS)
end
request = function()
  turn = turn + 1
  local item = varied[turn % #varied + 1]
  if FIELD == "body" then return wrk.format(nil, nil, nil, item) end
  return wrk.format(nil, item)
end
"""


def _varied(request: dict, threads: int, start: int) -> list[str]:
    field = "body" if "bodies" in request else "path"
    items = request.get("bodies") or request.get("paths")
    table = ",\n".join(_lua_string(item) for item in items)
    constants = f"local varied = {{\n{table}\n}}\nlocal FIELD, THREADS = '{field}', {threads}"
    return [constants, VARIED.replace("START", str(start))]


def _script(request: dict, threads: int = 1, start: int = 0) -> str:
    lines = []
    if "bodies" in request or "paths" in request:
        lines.extend(_varied(request, threads, start))
    if "method" in request:
        lines.append(f"wrk.method = {_lua_string(request['method'])}")
    if "body" in request:
        lines.append(f"wrk.body = {_lua_string(request['body'])}")
    for name, value in request.get("headers", {}).items():
        lines.append(f"wrk.headers[ {_lua_string(name)} ] = {_lua_string(value)}")  # "[[" would open a string
    return "\n".join(lines) + DONE


def run_wrk(url: str, request: dict, seconds: int, connections: int, start: int = 0) -> Result:
    """One wrk run of `seconds` against `url` with one thread per two connections; a varied
    request's people are taken from `start` on."""
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install wrk (make bench does this)")
    threads = max(1, connections // 2)
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(_script(request, threads, start))
        script.flush()
        command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "-s", script.name, url]
        done = subprocess.run(command, check=True, capture_output=True, text=True)
    lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    if not lines:
        raise RuntimeError(f"wrk gave no result: {done.stderr or done.stdout}")
    line = lines[0]
    requests, micros, p99, errors = (int(part) for part in line.split()[1:])
    return Result(requests, micros / 1e6, p99 / 1000, errors)


@contextmanager
def seed_app(app: str = "app:app"):
    """Yield the base URL of a seed-style Flask app (bench/seed/app.py, or pipeline_app.py)
    under gunicorn, 2 workers, from its own virtualenv (bench/seed/.venv, which `make bench`
    builds from bench/seed/requirements.txt)."""
    python = SEED / ".venv" / "bin" / "python"
    if not python.exists():
        raise SystemExit("bench/seed/.venv is missing: run `make bench`, which builds it")
    env = {**os.environ, "PATH": f"{python.parent}:{os.environ['PATH']}"}
    with gunicorn(
        env, app=app, cwd=SEED, binary=python.parent / "gunicorn", ready_path="/predict?age=1&hours_per_week=1"
    ) as url:
        yield url
