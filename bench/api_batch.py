"""10,000-record API batches over HTTP, end to end, on SQLite and on PostgreSQL.

Each request is what a client pays: HTTP to gunicorn (2 workers, production settings), the
key checked and counted, the JSON parsed and every record validated, scored, stored in one
transaction and answered with its id. The baseline, measured in the same run on the same
records, is scikit-learn's predict_proba on one DataFrame of the batch: the model alone,
with nothing validated, stored or sent. A 10,000-record batch as 100 requests of 100 is
printed too: what a client that does not batch pays.

Run: make bench (or .venv/bin/python bench/api_batch.py)
"""

import json
import random
import statistics
import sys
import tempfile
import time
import urllib.request
from contextlib import ExitStack
from pathlib import Path

import pandas as pd
import psycopg

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import mlcore  # noqa: E402
from tests.browser.server import gunicorn, manage, prepare, site_env, throwaway_postgres  # noqa: E402

BATCH = 10_000
REPEATS = 5


def records(schema: mlcore.Schema, count: int) -> list[dict]:
    rng = random.Random(0)
    draw = {
        f.name: (lambda f=f: rng.choice(f.categories) if f.categories else rng.randint(f.minimum, f.maximum))
        for f in schema.features
    }
    return [{name: pick() for name, pick in draw.items()} for _ in range(count)]


def post_seconds(url: str, key: str, batch: list[dict]) -> float:
    body = json.dumps({"instances": batch}).encode()
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {key}"}
    start = time.perf_counter()
    with urllib.request.urlopen(urllib.request.Request(url, body, headers), timeout=60) as response:
        answer = json.loads(response.read())
    seconds = time.perf_counter() - start
    assert response.status == 201 and len(answer["predictions"]) == len(batch)
    return seconds


def measure(stack: ExitStack, env: dict, batch: list[dict]) -> tuple[float, float]:
    """(records/s for one 10,000-record request, records/s for 100 requests of 100), medians."""
    prepare(env)
    key = manage(env, "create_api_key", "bench", "--scope", "predict").strip().splitlines()[-1]
    url = stack.enter_context(gunicorn(env, ready_path="/healthz")) + "/api/v1/predictions"
    post_seconds(url, key, batch)  # warm: the model loads on first use
    one = statistics.median(post_seconds(url, key, batch) for _ in range(REPEATS))
    chunks = [batch[i : i + 100] for i in range(0, len(batch), 100)]
    many = statistics.median(sum(post_seconds(url, key, c) for c in chunks) for _ in range(3))
    return len(batch) / one, len(batch) / many


def default_model() -> mlcore.TrainedModel:
    """The site's default model (seed features, logistic regression), trained here as retrain does."""
    names = mlcore.PRESETS["seed"]
    train, _ = mlcore.load_dataset(ROOT / "data" / "adult.data", names)
    test, _ = mlcore.load_dataset(ROOT / "data" / "adult.test", names)
    return mlcore.train(train, test, names)


def baseline(model: mlcore.TrainedModel, batch: list[dict]) -> float:
    """records/s of predict_proba alone on one DataFrame of the batch (best of REPEATS)."""
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        model.pipeline.predict_proba(pd.DataFrame.from_records(batch, columns=list(model.schema.names)))
        times.append(time.perf_counter() - start)
    return len(batch) / min(times)


def main() -> None:
    model = default_model()
    batch = records(model.schema, BATCH)
    with ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        env = site_env(SQLITE_PATH=str(tmp / "db.sqlite3"), DJANGO_STATIC_ROOT=str(tmp / "static"))
        env["API_KEY_RATE"] = "1000000/min"  # the limits are not what is measured
        figures = {"SQLite": measure(stack, env, batch)}
        try:
            database_url = stack.enter_context(throwaway_postgres("bench"))
        except psycopg.OperationalError as error:  # no server to measure on this machine
            print(f"PostgreSQL skipped: {error}".splitlines()[0])
        else:
            figures["PostgreSQL"] = measure(stack, {**env, "DATABASE_URL": database_url}, batch)
    base = baseline(model, batch)
    print(f"10,000-record batches over HTTP, median of {REPEATS}; baseline = predict_proba alone, best of {REPEATS}")
    print(f"  {'predict_proba alone (nothing stored)':<40} {base:9,.0f} records/s")
    for name, (one, many) in figures.items():
        print(f"  {name + ', one request of 10,000':<40} {one:9,.0f} records/s ({one / base:.2f}x; goal >= 50,000)")
        print(f"  {name + ', 100 requests of 100':<40} {many:9,.0f} records/s ({many / base:.2f}x)")


if __name__ == "__main__":
    main()
