"""10,000-record API batches over HTTP, end to end, on SQLite and on PostgreSQL.

Each request is timed from sending it to the answer's last byte: HTTP to gunicorn (2
workers, production settings), the key checked and counted, the JSON parsed and every
record validated, scored, explained, stored in one transaction and answered with its id.
The people are the test split's, read by
mlcore's loader with the active model's features (GET /api/v1/model), each request a
different window of them, so no answer is served twice. The baseline, measured in the same
run on the same records, is scikit-learn's predict_proba on one DataFrame of the batch: the
model alone, with nothing validated, explained, stored or sent. A 10,000-record batch as
100 requests of 100 is printed too: what a client that does not batch pays.

`--against REV` serves that commit too (a `git worktree` beside this checkout), measured in
turns with this one on the same databases' engines, so a change is compared in one run.

Run: make bench (or .venv/bin/python bench/api_batch.py [--against HEAD])
"""

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import ExitStack
from itertools import count
from pathlib import Path

import pandas as pd
import psycopg

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from form_post_vs import checkout  # noqa: E402

import mlcore  # noqa: E402
from tests.browser.server import gunicorn, site_env, throwaway_postgres  # noqa: E402

BATCH = 10_000
REPEATS = 3  # the "best of three"
GOAL = 50_000


def people(names: list[str]) -> list[dict]:
    """The test split's people with these features, in a fixed shuffled order."""
    frame, _ = mlcore.load_dataset(ROOT / "data" / "adult.test", names)
    return frame[names].sample(frac=1, random_state=0).to_dict("records")


def windows(split: list[dict]):
    """Successive 10,000-record batches, each starting where the last ended (wrapping)."""
    for start in count(0, BATCH):
        yield [split[(start + i) % len(split)] for i in range(BATCH)]


def post(url: str, key: str, batch: list[dict]) -> float:
    body = json.dumps({"instances": batch}).encode()
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {key}"}
    start = time.perf_counter()
    with urllib.request.urlopen(urllib.request.Request(url, body, headers), timeout=120) as response:
        text = response.read()
    # Timed to the answer's last byte: reading the 5.7 MB of JSON is the client's own work
    # (about 50 ms here), checked below but not counted against the server.
    seconds = time.perf_counter() - start
    answer = json.loads(text)
    assert response.status == 201 and len(answer["predictions"]) == len(batch)
    return seconds


def serve(stack: ExitStack, root: Path, env: dict) -> tuple[str, str, list[str]]:
    """(predictions URL, key, the active model's feature names) of `root`'s site on `env`."""
    for args in (["migrate", "--noinput", "-v0"], ["collectstatic", "--noinput", "-v0"]):
        manage_in(root, env, *args)
    manage_in(root, env, "retrain", "--if-none-active")
    key = manage_in(root, env, "create_api_key", "bench", "--scope", "predict").strip().splitlines()[-1]
    base = stack.enter_context(gunicorn(env, cwd=root, ready_path="/healthz"))
    with urllib.request.urlopen(base + "/api/v1/model", timeout=30) as response:
        names = [f["name"] for f in json.loads(response.read())["features"]]
    return base + "/api/v1/predictions", key, names


def manage_in(root: Path, env: dict, *args: str) -> str:
    done = subprocess.run([sys.executable, "manage.py", *args], cwd=root, env=env, check=True, capture_output=True)
    return done.stdout.decode()


def baseline(names: list[str], batches) -> float:
    """records/s of predict_proba alone on one DataFrame of a batch (best of REPEATS)."""
    train, _ = mlcore.load_dataset(ROOT / "data" / "adult.data", names)
    test, _ = mlcore.load_dataset(ROOT / "data" / "adult.test", names)
    model = mlcore.train(train, test, names)
    times = []
    for _ in range(REPEATS):
        frame = pd.DataFrame.from_records(next(batches), columns=names)
        start = time.perf_counter()
        model.pipeline.predict_proba(frame)
        times.append(time.perf_counter() - start)
    return BATCH / min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--against", help="a commit to measure in turns with this checkout, e.g. HEAD")
    options = parser.parse_args()
    with ExitStack() as stack:
        roots = {"this checkout": ROOT}
        if options.against:
            roots = {options.against: stack.enter_context(checkout(options.against)), **roots}
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        engines = {"SQLite": lambda name: {"SQLITE_PATH": str(tmp / f"{name}.sqlite3")}}
        try:
            stack.enter_context(throwaway_postgres("probe"))
            engines["PostgreSQL"] = lambda name: {"DATABASE_URL": stack.enter_context(throwaway_postgres("bench"))}
        except psycopg.OperationalError as error:  # no server to measure on this machine
            print(f"PostgreSQL skipped: {error}".splitlines()[0])
        sites = {}
        for engine, database in engines.items():
            for n, (name, root) in enumerate(roots.items()):
                env = site_env(DJANGO_STATIC_ROOT=str(tmp / f"static{n}"), **database(f"{engine}{n}"))
                env["API_KEY_RATE"] = "1000000/min"  # the limits are not what is measured
                sites[engine, name] = serve(stack, root, env)
        names = next(iter(sites.values()))[2]
        batches = windows(people(names))
        for url, key, _ in sites.values():
            post(url, key, next(batches))  # warm: the model loads on first use
        one = {site: [] for site in sites}
        for _ in range(REPEATS):  # in turns, so the machine's moment weighs on every site alike
            for site, (url, key, _) in sites.items():
                one[site].append(BATCH / post(url, key, next(batches)))
        many = {}
        for site, (url, key, _) in sites.items():
            batch = next(batches)
            seconds = [sum(post(url, key, batch[i : i + 100]) for i in range(0, BATCH, 100)) for _ in range(REPEATS)]
            many[site] = BATCH / min(seconds)
    base = baseline(names, batches)
    print(f"10,000-record batches over HTTP, best of {REPEATS} (median beside); baseline = predict_proba alone")
    print(f"  {'predict_proba alone (nothing stored)':<52} {base:9,.0f} records/s")
    for (engine, name), rates in one.items():
        best, middle = max(rates), statistics.median(rates)
        label = f"{engine}, {name}, one request of 10,000"
        print(f"  {label:<52} {best:9,.0f} records/s (median {middle:,.0f}; {best / base:.2f}x; goal >= {GOAL:,})")
        print(f"  {f'{engine}, {name}, 100 requests of 100':<52} {many[engine, name]:9,.0f} records/s")


if __name__ == "__main__":
    main()
