"""SQLite gets the same tuning however it is named: SQLITE_PATH, or an sqlite:// DATABASE_URL
(a form dj-database-url documents, which alone would give none of it)."""

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import DATA_DIR

ROOT = DATA_DIR.parent
PROBE = """
import django, json
django.setup()
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("PRAGMA journal_mode")
    mode = cursor.fetchone()[0]
    cursor.execute("PRAGMA synchronous")
    synchronous = cursor.fetchone()[0]
settings = connection.settings_dict
print(json.dumps({"journal_mode": mode, "synchronous": synchronous, "transaction_mode": connection.transaction_mode,
                  "conn_max_age": settings["CONN_MAX_AGE"], "timeout": settings["OPTIONS"].get("timeout")}))
"""


def tuning(tmp_path, **named) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SQLITE_PATH")}
    env.update(DJANGO_SETTINGS_MODULE="censussite.settings", DJANGO_SECRET_KEY="settings-test", **named)
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("how", ["SQLITE_PATH", "DATABASE_URL"])
def test_sqlite_is_tuned_however_it_is_named(tmp_path, how):
    path = tmp_path / "site.sqlite3"
    named = {"SQLITE_PATH": str(path)} if how == "SQLITE_PATH" else {"DATABASE_URL": f"sqlite:///{path}"}
    found = tuning(tmp_path, **named)
    assert found == {
        "journal_mode": "wal",
        "synchronous": 2,
        "transaction_mode": "IMMEDIATE",
        "conn_max_age": 600,
        "timeout": 20,
    }
    assert path.exists()  # the file named, not another


THREADS = """
import django, json
django.setup()
import mlcore  # what a web worker loads, a tree model's scikit-learn included
from sklearn.ensemble import HistGradientBoostingClassifier
from threadpoolctl import threadpool_info
print(json.dumps([pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "openmp"]))
"""


def test_every_site_process_scores_with_one_openmp_thread():
    # Two web workers each spinning a team of OpenMP threads for one person's tree model
    # once held a form POST to five answers a second on two cores.
    env = {k: v for k, v in os.environ.items() if k != "OMP_NUM_THREADS"}
    env.update(DJANGO_SETTINGS_MODULE="censussite.settings", DJANGO_SECRET_KEY="settings-test")
    probe = [sys.executable, "-c", THREADS]
    done = subprocess.run(probe, cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    threads = json.loads(done.stdout.strip().splitlines()[-1])
    assert threads and set(threads) == {1}
