"""A batch worker killed mid-job (SIGKILL: nothing cleaned up) and started again.

Real processes: gunicorn takes the upload over HTTP, and a `manage.py batch_worker` that the
test owns scores it in chunks of 1,000 rows. The second worker must take the stranded job
over and finish it with every row stored once, or, when its input is gone, fail it with why.
"""

import csv
import http.cookiejar
import io
import os
import signal
import sqlite3
import tempfile
import time
import urllib.parse
import urllib.request
import uuid
from contextlib import ExitStack
from pathlib import Path

import pytest

from tests.browser.server import csrf_token, gunicorn, manage, prepare, site_env
from tests.browser.worker import batch_worker
from tests.conftest import DATA_DIR

PASSWORD = "pw-for-tests-1"


def people_csv(copies: int) -> bytes:
    """The UCI test split's data lines (16,281), `copies` times over, as UCI lays them out."""
    lines = [line for line in (DATA_DIR / "adult.test").read_text().splitlines()[1:] if line.strip()]
    return ("\n".join(lines * copies) + "\n").encode()


def multipart(fields: dict[str, str], file_name: str, content: bytes) -> tuple[bytes, str]:
    """A form with `fields` and one file in the field "file", encoded as a browser sends it."""
    boundary = uuid.uuid4().hex
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n' for k, v in fields.items()]
    head = f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{file_name}"\r\n'
    body = "".join(parts).encode() + (head + "Content-Type: text/csv\r\n\r\n").encode() + content
    return body + f"\r\n--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def signed_in(base_url: str, username: str) -> urllib.request.OpenerDirector:
    """A browser-like opener (cookies kept, redirects followed) signed in through /login/."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    token = csrf_token(opener.open(base_url + "/login/").read().decode())
    form = {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token, "next": "/batch/"}
    with opener.open(base_url + "/login/", urllib.parse.urlencode(form).encode()) as answer:
        assert answer.url.endswith("/batch/"), answer.url
    return opener


def upload(opener, base_url: str, content: bytes) -> str:
    """Post the file as the /batch/ form does without JavaScript; the job page it is sent on to."""
    token = csrf_token(opener.open(base_url + "/batch/").read().decode())
    body, content_type = multipart({"csrfmiddlewaretoken": token}, "people.csv", content)
    with opener.open(urllib.request.Request(base_url + "/batch/", body, {"Content-Type": content_type})) as answer:
        assert answer.status == 200 and "/batch/" in answer.url and "?s=" in answer.url, answer.url
        return answer.url


def stored(db: Path, job_id: str) -> set[int]:
    """The ids of the job's predictions (a UUID is 32 hex digits in SQLite)."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as connection:
        query = "SELECT id FROM predictor_prediction WHERE batch_job_id = ?"
        return {pk for (pk,) in connection.execute(query, [uuid.UUID(job_id).hex])}


def job_row(db: Path, job_id: str) -> dict:
    """The job as the server's SQLite file holds it, read as another process would."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as connection:
        connection.row_factory = sqlite3.Row
        query = "SELECT * FROM predictor_batchjob WHERE id = ?"
        return dict(connection.execute(query, [uuid.UUID(job_id).hex]).fetchone())


def wait_for(db: Path, job_id: str, done, seconds: float) -> dict:
    deadline = time.monotonic() + seconds
    while not done(job := job_row(db, job_id)):
        assert time.monotonic() < deadline, f"the job did not get there in {seconds} s: {job}"
        time.sleep(0.05)
    return job


@pytest.fixture(scope="module")
def site():
    """(base_url, env, db, a signed-in staff opener) of a fresh server set up as running_server
    sets one up, but with no worker: each test starts and kills its own."""
    with ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        paths = {"SQLITE_PATH": str(tmp / "db.sqlite3"), "DJANGO_STATIC_ROOT": str(tmp / "static")}
        env = site_env(**paths, BATCH_DIR=str(tmp / "batch"), BATCH_CHUNK_ROWS="1000")
        # The worker's lines reach its log as written, not at exit; the sign-in (axes logs it at INFO) is not news.
        env |= {"DJANGO_SUPERUSER_PASSWORD": PASSWORD, "PYTHONUNBUFFERED": "1", "DJANGO_LOG_LEVEL": "WARNING"}
        prepare(env)
        manage(env, "createsuperuser", "--noinput", "--username", "ops", "--email", "ops@example.com")
        base_url = stack.enter_context(gunicorn(env))
        yield base_url, env, tmp / "db.sqlite3", signed_in(base_url, "ops")


@pytest.fixture
def stranded(site):
    """A 65,124-row job whose worker was killed part-way: (env, db, job page URL, job id, job)."""
    base_url, env, db, opener = site
    page = upload(opener, base_url, people_csv(4))
    job_id = page.split("/batch/")[1].split("/")[0]
    with batch_worker(env) as worker:
        wait_for(db, job_id, lambda job: job["rows_done"] > 0, seconds=300)  # bounds a hang only
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait()  # reaped: a zombie would still answer kill(pid, 0), and look alive
    job = job_row(db, job_id)
    assert job["status"] == "running" and 0 < job["rows_done"] < job["rows_total"], job
    assert len(stored(db, job_id)) == job["rows_scored"]  # the chunk in hand left nothing behind
    return env, db, page, job_id, job


def restart(env: dict, db: Path, job_id: str, log: Path) -> dict:
    """Start a worker again, logging to `log`, until the job ends; the job as it ended."""
    with log.open("w") as out, batch_worker(env, stdout=out):
        return wait_for(db, job_id, lambda job: job["status"] in ("done", "failed"), seconds=600)


def test_a_killed_worker_s_job_is_resumed_and_no_row_is_stored_twice(site, stranded, tmp_path):
    env, db, page, job_id, killed = stranded
    opener = site[3]
    job = restart(env, db, job_id, tmp_path / "worker.log")
    assert job["status"] == "done", job
    assert job["rows_done"] == job["rows_total"] == 4 * 16_281
    assert job["rows_scored"] + job["rows_failed"] == job["rows_total"] and job["rows_scored"] > 60_000
    resumed = f"Resuming batch job {job_id} (people.csv) from row {killed['rows_done'] + 1:,}"
    assert resumed in (tmp_path / "worker.log").read_text()
    ids = stored(db, job_id)
    assert len(ids) == job["rows_scored"]
    with opener.open(page.replace("/?s=", "/result.csv?s=")) as answer:  # as its uploader downloads it
        rows = list(csv.DictReader(io.StringIO(answer.read().decode())))
    answered = [int(row["prediction_id"]) for row in rows]
    assert len(rows) == job["rows_total"] - job["rows_failed"] and len(set(answered)) == len(rows)
    assert set(answered) == ids


def test_a_resumed_job_whose_input_is_gone_fails_with_the_reason(stranded, tmp_path):
    env, db, _, job_id, killed = stranded
    (Path(env["BATCH_DIR"]) / job_id / "input.csv").unlink()
    job = restart(env, db, job_id, tmp_path / "worker.log")
    assert job["status"] == "failed" and job["finished_at"], job
    assert "FileNotFoundError" in job["error"] and "input.csv" in job["error"], job["error"]
    assert job["rows_done"] == killed["rows_done"] and len(stored(db, job_id)) == killed["rows_scored"]
