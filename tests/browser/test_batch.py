"""Scoring a file in the browser: sign in, upload, watch the bar advance, download the result.

A real server and batch worker, 200 rows per chunk, and nothing timed: the worker starts after
the upload, so the bar is at 0 when watching starts; each value it shows must end a chunk the
job committed, never go back, and end at the total. How many show between is the machine's say.
"""

import csv
import sqlite3
import uuid

import pytest
from playwright.sync_api import expect

from mlcore.batchrows import ADDED
from mlcore.rawcsv import UCI_COLUMNS
from tests.browser import batch_steps
from tests.browser.batch_steps import MISSING_COLUMNS, TWO_PEOPLE, WITH_INCOME, finished, sign_in, upload
from tests.browser.server import ROOT, gunicorn, manage, prepare, site_env
from tests.browser.worker import batch_worker

pytestmark = pytest.mark.browser

USER = ("scorer", "a-password-for-the-batch-test")
CHUNK, ROWS = 200, 20_000  # a hundred chunks
PERMITTED = f"""
from django.contrib.auth.models import Permission, User
user = User.objects.create_user({USER[0]!r}, password={USER[1]!r})
user.user_permissions.add(Permission.objects.get(codename="run_batch"))
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """(url, db, env) of a fresh server, without a batch worker: a test starts one when it
    wants its file scored. A plain user with the batch permission, not staff: the uploader's view."""
    tmp = tmp_path_factory.mktemp("batch-site")
    paths = {"SQLITE_PATH": str(tmp / "db.sqlite3"), "DJANGO_STATIC_ROOT": str(tmp / "static")}
    env = site_env(**paths, BATCH_DIR=str(tmp / "batch"), BATCH_CHUNK_ROWS=str(CHUNK))
    prepare(env)
    manage(env, "shell", "-c", PERMITTED)
    with gunicorn(env) as url:
        yield url, tmp / "db.sqlite3", env


@pytest.fixture
def problems() -> list[str]:
    """Console errors (CSP violations among them), uncaught errors and failed requests."""
    return []


@pytest.fixture
def page(browser, server, problems):
    """Signed in through the site's page, reached as a visitor is: by asking for /batch/."""
    context = browser.new_context()
    page = context.new_page()
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("response", lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.goto(server[0] + "/batch/")
    expect(page).to_have_url(f"{server[0]}/login/?next=/batch/")
    sign_in(page, *USER)
    yield page
    context.close()


@pytest.fixture
def people(tmp_path):
    """ROWS people from the UCI test split, headerless and repeated, as UCI writes them."""
    lines = [line for line in (ROOT / "data" / "adult.test").read_text().splitlines()[1:] if line.strip()]
    path = tmp_path / "people.csv"
    path.write_text("\n".join((lines * (ROWS // len(lines) + 1))[:ROWS]) + "\n")
    return path


def jobs(db) -> int:
    with sqlite3.connect(db) as connection:
        return connection.execute("select count(*) from predictor_batchjob").fetchone()[0]


def chunk_sizes(db, job_page: str) -> list[int]:
    """The rows the job stored in each transaction: a chunk's predictions share their time."""
    job_id = uuid.UUID(job_page.split("/batch/")[1].split("/")[0]).hex
    query = "SELECT count(*) FROM predictor_prediction WHERE batch_job_id = ? GROUP BY created_at"
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as connection:
        return [rows for (rows,) in connection.execute(query, [job_id])]


def test_a_file_is_uploaded_watched_and_downloaded_scored(page, server, problems, people, tmp_path):
    upload(page, people)
    expect(page.get_by_role("heading", name="people.csv")).to_be_visible(timeout=60_000)  # bounds a hang
    batch_steps.watch_bar(page)
    with batch_worker(server[2]):
        finished(page)
    values, figures = batch_steps.bar_seen(page)
    assert values[0] == 0 and values[-1] == ROWS and values == sorted(values), values
    assert all(value % CHUNK == 0 for value in values), f"the bar showed rows no chunk ended at: {values}"
    shown = [f"{value:,.0f} of {ROWS:,} rows done" for value in values]
    assert all(s in " ".join(f.split()) for s, f in zip(shown, figures, strict=True)), figures
    assert chunk_sizes(server[1], page.url) == [CHUNK] * (ROWS // CHUNK)  # committed 200 at a time
    expect(page.locator(".progress-figures")).to_contain_text(f"{ROWS:,} scored, 0 refused")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the scored rows (CSV)").click()
    assert download.value.suggested_filename == "people-scored.csv"
    download.value.save_as(tmp_path / "scored.csv")
    data = (tmp_path / "scored.csv").read_bytes()
    assert data.count(b"\r\n") == data.count(b"\n") == ROWS + 1  # RFC 4180: every line ends CRLF
    with (tmp_path / "scored.csv").open(newline="") as scored, people.open(newline="") as sent:
        header, *rows = list(csv.reader(scored))
        sent_rows = list(csv.reader(sent))
    assert header == [*UCI_COLUMNS, *ADDED]
    assert len(rows) == ROWS
    assert [row[: len(UCI_COLUMNS)] for row in rows[:3]] == sent_rows[:3]  # passed through as sent
    answers = [dict(zip(header, row, strict=True)) for row in rows]
    assert all(0 <= float(answer["probability"]) <= 1 for answer in answers)
    assert {answer["label"] for answer in answers} == {">50K", "<=50K"}
    assert len({answer["prediction_id"] for answer in answers}) == ROWS
    assert all(answer["reason_1"] for answer in answers)
    assert problems == []


def test_a_file_missing_columns_is_refused_in_place_with_one_message(page, problems, server):
    before = jobs(server[1])
    navigations = []
    page.on("framenavigated", lambda frame: navigations.append(frame.url) if frame == page.main_frame else None)

    upload(page, MISSING_COLUMNS, name="few-columns.csv")
    error = page.locator("#id_file_error")
    expect(error).to_contain_text("Missing column(s): marital_status, race, sex, hours_per_week.")
    expect(page.get_by_text("Missing column(s)")).to_have_count(1)
    expect(page.get_by_label("CSV file")).to_have_attribute("aria-invalid", "true")
    assert navigations == []
    assert jobs(server[1]) == before
    assert problems == []


def test_the_known_outcomes_in_a_file_are_recorded_when_asked(page, problems, server):
    upload(page, TWO_PEOPLE, record_outcomes=True)  # every column the model needs, no income
    expect(page.locator("#id_file_error")).to_have_text(
        "CSV file: To record outcomes the file needs an income column (>50K or <=50K) "
        "or an earns_over_50k column (true or false)."
    )
    expect(page.get_by_label("Record the known outcomes in this file")).to_be_checked()

    upload(page, WITH_INCOME, name="known.csv", record_outcomes=True)
    with batch_worker(server[2]):
        finished(page)
    expect(page.locator(".progress-figures")).to_contain_text("3 scored, 0 refused")
    expect(page.locator(".outcomes-figure")).to_have_text("2 known outcomes recorded from the file.")
    assert problems == []
