"""A 100,000-row CSV scored in the browser's batch flow, end to end, on SQLite and PostgreSQL.

The file is the UCI test split's rows repeated, as UCI lays them out. It is posted as the
/batch/ form posts it (htmx, multipart) to gunicorn (2 workers, production settings) by a
signed-in staff user, then scored by one `manage.py batch_worker` in chunks of
BATCH_CHUNK_ROWS (the default, 5,000); the clock runs from the upload's first byte until the
job's progress fragment says it is finished, polled as the page polls it. The goal is under
30 s. The baseline, in the same run on the same 100,000 people, is the JSON API: 10 requests
of 10,000 one after another, each validated, scored, stored in one transaction and answered.

Run: make bench (or .venv/bin/python bench/batch_upload.py)
"""

import json
import sys
import tempfile
import time
import urllib.request
from contextlib import ExitStack
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import mlcore  # noqa: E402
from tests.browser.server import csrf_token, gunicorn, manage, prepare, site_env, throwaway_postgres  # noqa: E402
from tests.browser.worker import batch_worker  # noqa: E402
from tests.faults.test_batch_worker import PASSWORD, multipart, signed_in  # noqa: E402

ROWS, API_BATCH = 100_000, 10_000


def people() -> tuple[bytes, list[dict]]:
    """The same ROWS people as a headerless UCI CSV and as the API's records."""
    lines = [line for line in (ROOT / "data" / "adult.test").read_text().splitlines()[1:] if line.strip()]
    repeats = -(-ROWS // len(lines))
    split, _ = mlcore.load_dataset(ROOT / "data" / "adult.test", mlcore.PRESETS["seed"])
    records = json.loads(split.drop(columns="y").to_json(orient="records"))
    assert len(records) == len(lines)  # the loader keeps every row, so the two line up
    return ("\n".join((lines * repeats)[:ROWS]) + "\n").encode(), (records * repeats)[:ROWS]


def batch_seconds(opener, base_url: str, content: bytes) -> tuple[float, float]:
    """(seconds of the upload request alone, seconds from its start until the job is done)."""
    token = csrf_token(opener.open(base_url + "/batch/").read().decode())
    body, content_type = multipart({"csrfmiddlewaretoken": token}, "people.csv", content)
    headers = {"Content-Type": content_type, "HX-Request": "true"}  # answered with HX-Redirect, not a 302
    start = time.perf_counter()
    with opener.open(urllib.request.Request(base_url + "/batch/", body, headers)) as answer:
        page = answer.headers["HX-Redirect"]
    uploaded = time.perf_counter() - start
    progress = base_url + page.replace("/?s=", "/progress?s=")
    while "hx-get" in (fragment := opener.open(progress).read().decode()):  # the finished one stops polling
        time.sleep(0.2)
    done = time.perf_counter() - start
    assert "Download the scored rows" in fragment and f"{ROWS:,} scored" in fragment, fragment
    return uploaded, done


def api_seconds(base_url: str, key: str, records: list[dict]) -> float:
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {key}"}
    start = time.perf_counter()
    for first in range(0, len(records), API_BATCH):
        body = json.dumps({"instances": records[first : first + API_BATCH]}).encode()
        request = urllib.request.Request(base_url + "/api/v1/predictions", body, headers)
        with urllib.request.urlopen(request, timeout=120) as answer:
            assert answer.status == 201 and len(json.loads(answer.read())["predictions"]) == API_BATCH
    return time.perf_counter() - start


def measure(stack: ExitStack, env: dict, content: bytes, records: list[dict]) -> tuple[float, float, float]:
    """(upload request s, upload to done s, API s) on the database `env` names."""
    prepare(env)
    manage(env, "createsuperuser", "--noinput", "--username", "ops", "--email", "ops@example.com")
    key = manage(env, "create_api_key", "bench", "--scope", "predict").strip().splitlines()[-1]
    base_url = stack.enter_context(gunicorn(env, ready_path="/healthz"))
    stack.enter_context(batch_worker(env))
    api_seconds(base_url, key, records[:API_BATCH])  # warm: each process loads the model on first use
    opener = signed_in(base_url, "ops")
    uploaded, done = batch_seconds(opener, base_url, content)
    return uploaded, done, api_seconds(base_url, key, records)


def main() -> None:
    content, records = people()
    figures = {}
    with ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        paths = {"SQLITE_PATH": str(tmp / "db.sqlite3"), "DJANGO_STATIC_ROOT": str(tmp / "static")}
        env = site_env(**paths, BATCH_DIR=str(tmp / "batch"), API_KEY_RATE="1000000/min")
        # The sign-in is not news: axes logs each one at INFO.
        env |= {"DJANGO_SUPERUSER_PASSWORD": PASSWORD, "DJANGO_LOG_LEVEL": "WARNING"}
        with ExitStack() as run:
            figures["SQLite"] = measure(run, env, content, records)
        try:
            database_url = stack.enter_context(throwaway_postgres("bench"))
        except psycopg.OperationalError as error:  # no server to measure on this machine
            print(f"PostgreSQL skipped: {error}".splitlines()[0])
        else:
            with ExitStack() as run:  # its servers stop before the database is dropped
                figures["PostgreSQL"] = measure(run, {**env, "DATABASE_URL": database_url}, content, records)
    print(f"A {ROWS:,}-row CSV ({len(content) / 1024**2:.1f} MB) of UCI test-split people, end to end over HTTP")
    print("(goal: upload to done under 30 s); baseline = the JSON API, 10 requests of 10,000, same people")
    for name, (uploaded, done, api) in figures.items():
        print(f"  {name + ', JSON API (baseline)':<34} {api:6.1f} s  {ROWS / api:7,.0f} rows/s")
        print(f"  {name + ', batch upload request':<34} {uploaded:6.1f} s  {ROWS / uploaded:7,.0f} rows/s")
        verdict = "met" if done < 30 else "NOT met"
        print(
            f"  {name + ', batch upload to done':<34} {done:6.1f} s  {ROWS / done:7,.0f} rows/s "
            f"({done / api:.2f}x the API's time; goal {verdict})"
        )


if __name__ == "__main__":
    main()
