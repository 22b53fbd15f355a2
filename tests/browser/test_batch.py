"""Scoring a file in the browser: sign in, upload, watch the bar advance, download the result.

A real server and batch worker, scoring 200 rows per chunk so the bar moves in many steps.
"""

import csv
import sqlite3

import pytest
from playwright.sync_api import expect

from mlcore.batchrows import ADDED
from mlcore.rawcsv import UCI_COLUMNS
from tests.browser.batch_steps import MISSING_COLUMNS, TWO_PEOPLE, WITH_INCOME, finished, sign_in, upload
from tests.browser.server import ROOT, manage, running_server, site_env

pytestmark = pytest.mark.browser

USER = ("scorer", "a-password-for-the-batch-test")
ROWS = 40_000  # about 8 s of scoring here: the bar, polled each second, moves 5 or 6 times
PERMITTED = f"""
from django.contrib.auth.models import Permission, User
user = User.objects.create_user({USER[0]!r}, password={USER[1]!r})
user.user_permissions.add(Permission.objects.get(codename="run_batch"))
"""
# The bar's value and the figures beside it, once the value differs from the last one seen.
MOVED = """last => {
  const bar = document.querySelector("#batch-bar");
  return bar && bar.value !== last && [bar.value, document.querySelector(".progress-figures").textContent];
}"""


@pytest.fixture(scope="module")
def server():
    """A plain user with the batch permission, not staff: the uploader's own view."""
    with running_server(worker=True, BATCH_CHUNK_ROWS="200") as (url, db):
        manage(site_env(SQLITE_PATH=str(db)), "shell", "-c", PERMITTED)
        yield url, db


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


def test_a_file_is_uploaded_watched_and_downloaded_scored(page, problems, people, tmp_path):
    upload(page, people)
    expect(page.get_by_role("heading", name="people.csv")).to_be_visible()

    seen = [page.locator("#batch-bar").evaluate("bar => bar.value")]
    while seen[-1] < ROWS:
        value, figures = page.wait_for_function(MOVED, arg=seen[-1], timeout=15_000).json_value()
        assert f"{value:,.0f} of {ROWS:,} rows done" in " ".join(figures.split())
        seen.append(value)
    assert seen == sorted(seen), f"the bar went back: {seen}"
    assert len([value for value in seen if 0 < value < ROWS]) >= 2, f"the bar jumped to the end: {seen}"
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


def test_the_known_outcomes_in_a_file_are_recorded_when_asked(page, problems):
    upload(page, TWO_PEOPLE, record_outcomes=True)  # every column the model needs, no income
    expect(page.locator("#id_file_error")).to_have_text(
        "CSV file: To record outcomes the file needs an income column (>50K or <=50K) "
        "or an earns_over_50k column (true or false)."
    )
    expect(page.get_by_label("Record the known outcomes in this file")).to_be_checked()

    upload(page, WITH_INCOME, name="known.csv", record_outcomes=True)
    finished(page)
    expect(page.locator(".progress-figures")).to_contain_text("3 scored, 0 refused")
    expect(page.locator(".outcomes-figure")).to_have_text("2 known outcomes recorded from the file.")
    assert problems == []
