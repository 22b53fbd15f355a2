"""The form's htmx POST and the one-record API over HTTP, against two seed-style Flask apps
and our own /healthz, with a different person from the test split in every request.

Every app runs under gunicorn with 2 workers on this machine, and wrk (Debian's `wrk`) drives
each with the same connections for the same time, in the same run, twice in turns; each
figure is the better of its two runs. The site runs as `make serve` runs it: DEBUG off,
production settings on its own SQLite file, every POST validated, predicted, explained,
given its suggestions, stored, each commit synced to disk (SQLite synchronous=FULL, the
default); the same site with synchronous=NORMAL is measured beside it, to show what that
durability costs. The baseline is the faster of the two seed apps (bench/seed: `get_dummies`,
and a scikit-learn Pipeline). After the run, the stored rows are counted against the
requests wrk completed.

Run: make bench (or .venv/bin/python bench/form_post.py [--seconds 8] [--connections 4])
"""

import argparse
import json
import os
import sqlite3
import statistics
import sys
import time
import urllib.request
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from people import form_bodies, people, queries  # noqa: E402
from wrk import run_wrk, seed_app  # noqa: E402

from tests.browser.server import csrf_token, running_server  # noqa: E402


def form_post(base_url: str) -> dict:
    """What wrk needs to post the form as htmx does: a body per person, the CSRF cookie, the headers."""
    with urllib.request.urlopen(base_url + "/") as response:
        html = response.read().decode()
        cookie = response.headers["Set-Cookie"].split(";")[0]
    headers = {"Content-Type": "application/x-www-form-urlencoded", "HX-Request": "true", "Cookie": cookie}
    return {"method": "POST", "bodies": form_bodies(csrf_token(html)), "headers": headers}


def api_post() -> dict:
    """One record per request to POST /api/v1/predictions, without a key (as a page's script would)."""
    bodies = [json.dumps(person) for person in people()]
    return {"method": "POST", "bodies": bodies, "headers": {"Content-Type": "application/json"}}


def stored_rows(db: Path, source: str) -> int:
    with sqlite3.connect(db) as connection:
        query = "SELECT count(*) FROM predictor_prediction WHERE source = ?"
        return connection.execute(query, (source,)).fetchone()[0]


SEED, PIPELINE, HEALTH = "seed Flask, get_dummies", "seed Flask, Pipeline", "site GET /healthz"
FORM, FORM_NORMAL, API = "site form POST", "same, SQLite NORMAL sync", "site API POST, one record"


def fsync_ms(folder: Path, times: int = 200) -> float:
    """The median time to write 4 KB and sync it, in `folder`: what each form answer waits
    for at synchronous=FULL. This machine's disk moves it from run to run, and the form's
    ratios with it, while the seed apps and /healthz write nothing."""
    path, samples = folder / "fsync-probe", []
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        for turn in range(times):
            start = time.perf_counter()
            os.pwrite(descriptor, os.urandom(4096), turn % 16 * 4096)
            os.fsync(descriptor)
            samples.append(time.perf_counter() - start)
    finally:
        os.close(descriptor)
        path.unlink()
    return statistics.median(samples) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--connections", type=int, default=4)
    options = parser.parse_args()
    with ExitStack() as stack:
        # FORM_RATE off and the anonymous API rate raised: thousands of POSTs come from one address here.
        limits = {"FORM_RATE": "off", "API_ANON_RATE": "1000000/min"}
        site, db = stack.enter_context(running_server(SQLITE_SYNCHRONOUS="FULL", **limits))  # FULL: the default
        site_normal, db_normal = stack.enter_context(running_server(SQLITE_SYNCHRONOUS="NORMAL", **limits))
        seed, pipeline = stack.enter_context(seed_app()), stack.enter_context(seed_app("pipeline_app:app"))
        asked = {"paths": [f"/predict?{query}" for query in queries()]}
        targets = {
            SEED: (f"{seed}/predict", asked),
            PIPELINE: (f"{pipeline}/predict", asked),
            HEALTH: (f"{site}/healthz", {}),
            FORM: (f"{site}/", form_post(site)),
            FORM_NORMAL: (f"{site_normal}/", form_post(site_normal)),
            API: (f"{site}/api/v1/predictions", api_post()),
        }
        counted = {FORM: (db, "web"), FORM_NORMAL: (db_normal, "web"), API: (db, "api")}
        before = {name: stored_rows(*where) for name, where in counted.items()}
        synced = [fsync_ms(db.parent)]
        runs = {name: [] for name in targets}
        for turn in range(2):
            for name, (url, request) in targets.items():
                # The second turn starts 8,000 people on, so it posts people the first did not.
                runs[name].append(run_wrk(url, request, options.seconds, options.connections, start=turn * 8000))
        stored = {name: stored_rows(*where) - before[name] for name, where in counted.items()}
        synced.append(fsync_ms(db.parent))
    best = {name: max(results, key=lambda r: r.rate) for name, results in runs.items()}
    print(f"wrk, {options.connections} connections, {options.seconds} s per run, best of 2; gunicorn 2 workers each;")
    print(f"a different person of the test split in each request; {os.cpu_count()} cores")
    for name, result in best.items():
        print(f"  {name:<26} {result.summary()}")
    faster = max(SEED, PIPELINE, key=lambda name: best[name].rate)
    form, api, seed_rate, health = best[FORM], best[API], best[faster].rate, best[HEALTH].rate
    print(f"the faster seed app:        {faster}")
    print(f"form POST vs that seed app: {form.rate / seed_rate:.2f}x (goal >= 2.0, aim 3.0)")
    print(f"form POST vs /healthz:      {form.rate / health:.2f}x (goal >= 0.30, aim 0.35)")
    print(f"form POST p99:              {form.p99_ms:.1f} ms (goal <= 15)")
    print(f"API one record vs seed:     {api.rate / seed_rate:.2f}x, vs /healthz {api.rate / health:.2f}x")
    print(f"NORMAL sync vs the default: {best[FORM_NORMAL].rate / form.rate:.2f}x")
    print(f"this disk's fsync of 4 KB:  median {synced[0]:.2f} ms before the runs, {synced[1]:.2f} ms after")
    for name in counted:
        answered = sum(r.requests for r in runs[name])
        errors = sum(r.errors for r in runs[name])
        print(f"{name}: answered {answered}, rows stored {stored[name]}, errors {errors}")
        # wrk stops with requests in flight: the server may store a few it never saw answered.
        if stored[name] < answered or errors:
            sys.exit(f"{name}: {answered - stored[name]} answered predictions not stored, {errors} errors")


if __name__ == "__main__":
    main()
