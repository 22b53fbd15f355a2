"""The batch worker's predictions reach /metrics when it is started as docs/deploying.md says:
beside gunicorn, sharing PROMETHEUS_MULTIPROC_DIR. A web server restarted while the worker
runs keeps the worker's counts."""

import sqlite3
import time

from tests.browser.server import gunicorn, manage
from tests.browser.worker import batch_worker
from tests.conftest import DATA_DIR
from tests.scaleout.test_metrics import scrape, total

ROWS = 120
QUEUE = """
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from predictor.batch.services import job_create
lines = open({path!r}).read().splitlines()[1 : {rows} + 1]
user = User.objects.create_superuser("operator", "operator@example.com", "pw-for-tests")
job_create(user=user, upload=SimpleUploadedFile("people.csv", "\\n".join(lines).encode()))
"""


def wait_until_done(db, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with sqlite3.connect(db) as connection:
            if connection.execute("select status from predictor_batchjob").fetchone() == ("done",):
                return
        time.sleep(0.2)
    raise AssertionError(f"the job did not finish in {seconds} s")


def test_a_worker_started_as_documented_is_counted_in_metrics(metrics_env, tmp_path):
    env = metrics_env  # PROMETHEUS_MULTIPROC_DIR exported once for both, as the docs say
    with batch_worker(env):
        with gunicorn(env, workers=2, ready_path="/healthz") as base_url:
            manage(env, "shell", "-c", QUEUE.format(path=str(DATA_DIR / "adult.test"), rows=ROWS))
            wait_until_done(tmp_path / "db.sqlite3")
            samples = scrape(base_url)
            assert total(samples, "censussite_predictions_total", source="batch") == ROWS
        # The web server restarts while the worker lives on: the worker's counts stay.
        with gunicorn(env, workers=2, ready_path="/healthz") as base_url:
            assert total(scrape(base_url), "censussite_predictions_total", source="batch") == ROWS
