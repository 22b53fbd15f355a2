"""Batch answers carry the ids of their own rows, with many batches written at once.

predictor/storage.py inserts a batch without the ORM and works the ids out itself (from
last_insert_rowid() on SQLite, from a sorted RETURNING on PostgreSQL). A wrong id would
quietly tie one caller's answer to another caller's row, and only concurrent writers
from separate processes would show it, so this runs real gunicorn workers on each database.
"""

import json
import sqlite3
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack

import pytest

from predictor.api.schemas import EXAMPLE_RECORD
from tests.browser.server import gunicorn, manage, prepare, site_env, throwaway_postgres

THREADS, BATCHES, BATCH_SIZE = 8, 6, 150  # 7,200 records, each one different


def record(number: int) -> dict:
    # age 17..89 by hours_per_week 1..99 gives every record of the run its own pair, so a
    # row read back under a wrong id cannot match the record by chance.
    assert number < 73 * 99
    return {**EXAMPLE_RECORD, "age": 17 + number // 99, "hours_per_week": 1 + number % 99}


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def site(request, tmp_path):
    """(base URL, API key, stored rows reader) of a 4-worker gunicorn on a fresh database."""
    with ExitStack() as stack:
        # Throttling is not under test here: thousands of records go through one key.
        extra = {"DJANGO_STATIC_ROOT": str(tmp_path / "static"), "API_KEY_RATE": "1000000/min"}
        if request.param == "postgresql":
            url = stack.enter_context(throwaway_postgres("batchids"))
            env = site_env(DATABASE_URL=url, **extra)
            sql = "select id, inputs, probability from predictor_prediction"

            def stored_rows():
                import psycopg

                with psycopg.connect(url) as connection:
                    return connection.execute(sql).fetchall()  # jsonb arrives as a dict
        else:
            path = tmp_path / "db.sqlite3"
            env = site_env(SQLITE_PATH=str(path), **extra)

            def stored_rows():
                with sqlite3.connect(path) as connection:
                    rows = connection.execute("select id, inputs, probability from predictor_prediction")
                    return [(pk, json.loads(inputs), probability) for pk, inputs, probability in rows]

        prepare(env)
        key = manage(env, "create_api_key", "batch ids", "--scope", "predict", "--scope", "read")
        base_url = stack.enter_context(gunicorn(env, workers=4, ready_path="/healthz"))
        yield base_url, key.strip().splitlines()[-1], stored_rows


def post_batch(base_url: str, key: str, records: list[dict]) -> list[dict]:
    request = urllib.request.Request(
        base_url + "/api/v1/predictions",
        data=json.dumps({"instances": records}).encode(),
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {key}"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        assert response.status == 201
        return json.loads(response.read())["predictions"]


def test_every_answered_id_is_the_row_of_its_record(site):
    base_url, key, stored_rows = site
    assert stored_rows() == []

    def client(thread: int) -> list[tuple[dict, dict]]:
        sent = []
        for batch in range(BATCHES):
            first = (thread * BATCHES + batch) * BATCH_SIZE
            records = [record(n) for n in range(first, first + BATCH_SIZE)]
            answers = post_batch(base_url, key, records)
            assert len(answers) == len(records)
            sent += zip(answers, records, strict=True)
        return sent

    # All threads start their batches together, so the four workers' inserts contend for the
    # database; each batch is checked afterwards, however the writes happened to interleave.
    with ThreadPoolExecutor(THREADS) as pool:
        answered = [pair for pairs in pool.map(client, range(THREADS)) for pair in pairs]

    stored = {pk: (inputs, probability) for pk, inputs, probability in stored_rows()}
    ids = [answer["id"] for answer, _ in answered]
    assert len(answered) == THREADS * BATCHES * BATCH_SIZE
    assert len(set(ids)) == len(ids), "an id was answered twice"
    assert len(stored) == len(answered), "stored rows and answered records differ in number"
    wrong = [
        (answer["id"], sent, stored.get(answer["id"]))
        for answer, sent in answered
        if stored.get(answer["id"]) != (sent, answer["probability"])
    ]
    if wrong:
        pk, sent, row = wrong[0]
        pytest.fail(f"{len(wrong)} answered ids are not their record's row; id {pk}: sent {sent}, stored {row}")
