"""The form's htmx POST over HTTP, against the seed-style Flask app and our own /healthz.

Both apps run under gunicorn with 2 workers on this machine, and wrk (Debian's `wrk`)
drives each with the same connections for the same time, in the same run, twice in turns;
each figure is the better of its two runs. The site runs as `make serve` runs it: DEBUG
off, production settings on its own SQLite file, every POST validated, predicted and
stored, each commit synced to disk (SQLite synchronous=FULL, the default); the same site
with synchronous=NORMAL is measured beside it, to show what that durability costs. After
the run, the stored rows are counted against the requests wrk completed.

Run: make bench (or .venv/bin/python bench/form_post.py [--seconds 8] [--connections 4])
"""

import argparse
import sqlite3
import sys
import urllib.request
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from wrk import run_wrk, seed_app  # noqa: E402

from tests.browser.server import csrf_token, running_server  # noqa: E402

PERSON = {
    "age": "39",
    "workclass": "Private",
    "education": "Bachelors",
    "marital_status": "Married-civ-spouse",
    "race": "White",
    "sex": "Male",
    "hours_per_week": "40",
}


def form_post(base_url: str) -> dict:
    """What wrk needs to post the form as htmx does: the body, the CSRF cookie, the headers."""
    with urllib.request.urlopen(base_url + "/") as response:
        html = response.read().decode()
        cookie = response.headers["Set-Cookie"].split(";")[0]
    body = "&".join(f"{k}={v}" for k, v in {**PERSON, "csrfmiddlewaretoken": csrf_token(html)}.items())
    headers = {"Content-Type": "application/x-www-form-urlencoded", "HX-Request": "true", "Cookie": cookie}
    return {"method": "POST", "body": body, "headers": headers}


def stored_rows(db: Path) -> int:
    with sqlite3.connect(db) as connection:
        return connection.execute("SELECT count(*) FROM predictor_prediction").fetchone()[0]


SEED, HEALTH, FORM, FORM_NORMAL = (
    "seed Flask GET /predict",
    "site GET /healthz",
    "site form POST",
    "same, SQLite NORMAL sync",
)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--connections", type=int, default=4)
    options = parser.parse_args()
    with ExitStack() as stack:
        # FORM_RATE off: thousands of POSTs come from one address here.
        site, db = stack.enter_context(running_server(SQLITE_SYNCHRONOUS="FULL", FORM_RATE="off"))  # FULL: the default
        site_normal, db_normal = stack.enter_context(running_server(SQLITE_SYNCHRONOUS="NORMAL", FORM_RATE="off"))
        seed = stack.enter_context(seed_app())
        query = "&".join(f"{k}={v}" for k, v in PERSON.items())
        targets = {
            SEED: (f"{seed}/predict?{query}", {}),
            HEALTH: (f"{site}/healthz", {}),
            FORM: (f"{site}/", form_post(site)),
            FORM_NORMAL: (f"{site_normal}/", form_post(site_normal)),
        }
        before = {FORM: stored_rows(db), FORM_NORMAL: stored_rows(db_normal)}
        runs = {name: [] for name in targets}
        for _ in range(2):
            for name, (url, request) in targets.items():
                runs[name].append(run_wrk(url, request, options.seconds, options.connections))
        stored = {FORM: stored_rows(db) - before[FORM], FORM_NORMAL: stored_rows(db_normal) - before[FORM_NORMAL]}
    best = {name: max(results, key=lambda r: r.rate) for name, results in runs.items()}
    print(f"wrk, {options.connections} connections, {options.seconds} s per run, best of 2; gunicorn 2 workers each")
    for name, result in best.items():
        print(f"  {name:<26} {result.summary()}")
    form = best[FORM]
    print(f"form POST vs seed Flask:    {form.rate / best[SEED].rate:.2f}x (goal >= 2.0)")
    print(f"form POST vs /healthz:      {form.rate / best[HEALTH].rate:.2f}x (goal >= 0.25)")
    print(f"form POST p99:              {form.p99_ms:.1f} ms (goal <= 15)")
    print(f"NORMAL sync vs the default: {best[FORM_NORMAL].rate / form.rate:.2f}x")
    for name in (FORM, FORM_NORMAL):
        answered = sum(r.requests for r in runs[name])
        errors = sum(r.errors for r in runs[name])
        print(f"{name}: answered {answered}, rows stored {stored[name]}, errors {errors}")
        # wrk stops with requests in flight: the server may store a few it never saw answered.
        if stored[name] < answered:
            sys.exit(f"{answered - stored[name]} answered predictions were not stored")


if __name__ == "__main__":
    main()
