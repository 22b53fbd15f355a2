"""A job's page as it goes and once it ends: the counts, the first rows of the result, time
left only when known, plurals right, and the end announced to screen readers."""

import html
import re
from datetime import timedelta

import pytest
from django.utils import timezone

import mlcore
from predictor.batch.models import BatchJob
from predictor.batch.selectors import PREVIEW_COLUMNS, PREVIEW_ROWS
from predictor.models import Prediction

from .steps import as_csv, read, run, split_lines, upload

HTMX = {"HX-Request": "true"}
SEED = ["age", "workclass", "education", "marital_status", "race", "sex", "hours_per_week"]


def cells(tag: str, text: str) -> list[str]:
    return [html.unescape(cell) for cell in re.findall(rf"<{tag}(?: [^>]*)?>(.*?)</{tag}>", text, re.S)]


def preview(page: str) -> tuple[list[str], list[list[str]]]:
    """The header and rows of the page's result table, as a visitor reads them."""
    box = re.search(r'<div class="result-preview".*?</div>', page, re.S).group(0)
    rows = re.findall(r"<tr>(.*?)</tr>", box.split("<tbody>")[1], re.S)
    return cells("th", box), [cells("td", row) for row in rows]


def announcement(page: str) -> list[str]:
    return re.findall(r'<(?:p|span) id="batch-announcement"[^>]*>(.*?)</(?:p|span)>', page, re.S)


@pytest.fixture
def job_page(client, uploader, active_version):
    """Upload people, as many as asked, from the UCI test split; the job's page's address."""

    def send(lines: list[str]) -> str:
        return upload(client, "people.csv", "\n".join(lines).encode())["Location"]

    return send


def test_the_finished_page_shows_the_counts_and_the_first_rows(client, job_page):
    page = job_page(split_lines()[:30] + ["250" + split_lines()[30][2:]])  # the last one refused: age 250
    job = run(BatchJob.objects.get().pk)
    text = client.get(page).content.decode()
    header, *rows = read(job.directory / "result.csv")
    over = sum(row[header.index("label")] == ">50K" for row in rows)
    assert 0 < over < 30
    assert f"Estimated to earn over $50K a year: {over} of 30 scored rows." in text
    assert "31 of 31 rows done:\n    30 scored, 1 refused." in text
    # UCI's 15 columns and the 7 of the answer: the page shows the answer, then the file's first.
    shown_header, shown_rows = preview(text)
    added = len(mlcore.ADDED)
    kept = [*range(len(header) - added, len(header)), *range(PREVIEW_COLUMNS - added)]
    assert shown_header == [header[i] for i in kept] and shown_header[:added] == mlcore.ADDED
    assert shown_rows == [[row[i] for i in kept] for row in rows[:PREVIEW_ROWS]]
    assert f"The first {PREVIEW_ROWS} scored rows" in text
    assert "then the file's own columns; the download has 2 more columns." in html.unescape(text)


def test_the_rows_shown_are_escaped_and_keep_their_formula_guard(client, uploader, active_version):
    people = [
        ["note", *SEED],
        ["<img src=x onerror=alert(1)>", 38, "Private", "Bachelors", "Divorced", "White", "Male", 40],
    ]
    people.append(["=HYPERLINK(1)", 40, "Private", "HS-grad", "Divorced", "White", "Female", 40])
    page = upload(client, "people.csv", as_csv(people))["Location"]
    run(BatchJob.objects.get().pk)
    text = client.get(page).content.decode()
    assert "<img" not in text and "&lt;img src=x onerror=alert(1)&gt;" in text
    notes = [row[len(mlcore.ADDED)] for row in preview(text)[1]]
    assert notes == ["<img src=x onerror=alert(1)>", "'=HYPERLINK(1)"]
    assert "The first 2 scored rows" in text and "the download has" not in text


def test_one_row_is_one_row(client, job_page):
    page = job_page(split_lines()[:1])
    assert "1 row, uploaded" in client.get(page).content.decode()
    run(BatchJob.objects.get().pk)
    text = client.get(page).content.decode()
    assert "1 of 1 row done" in text and "of 1 scored row." in text and "The first 1 scored row<" in text
    assert announcement(text) == ["Scoring people.csv finished: 1 row scored, 0 refused."]


@pytest.mark.parametrize(
    ("done", "started", "shown", "not_shown"),
    [
        (500, 100, "5 rows a second, about 2 minutes left.", " s left"),
        (1, 10, "rows done: 1 scored, 0 refused. About 3 hours left.", "a second"),  # a tenth of a row a second
        (900, 9, "100 rows a second, about 1 second left.", "seconds"),
        (1000, 10, "100 rows a second.", "left"),  # all rows stored, the job not yet marked done
        (0, 10, "0 of 1,000 rows done", "a second"),  # nothing to reckon from yet
    ],
)
def test_time_left_is_shown_only_when_known(client, job_page, done, started, shown, not_shown):
    progress = job_page(split_lines()[:1000]).replace("/?s=", "/progress?s=")
    started_at = timezone.now() - timedelta(seconds=started)
    BatchJob.objects.update(status="running", started_at=started_at, rows_done=done, rows_scored=done)
    text = " ".join(client.get(progress, headers=HTMX).content.decode().split())
    assert shown in text and not_shown not in text
    assert " 0 s " not in text and "about 0" not in text


def test_the_end_is_announced_in_a_region_that_was_there_before(client, job_page):
    page = job_page(split_lines()[:20])
    progress = page.replace("/?s=", "/progress?s=")
    before = client.get(page).content.decode()
    assert '<p id="batch-announcement" class="visually-hidden" role="status"></p>' in before
    assert announcement(client.get(progress, headers=HTMX).content.decode()) == []  # not yet
    run(BatchJob.objects.get().pk)
    last_poll = client.get(progress, headers=HTMX).content.decode()
    assert '<span id="batch-announcement" hx-swap-oob="innerHTML">' in last_poll  # fills the region in
    assert announcement(last_poll) == ["Scoring people.csv finished: 20 rows scored, 0 refused."]
    # Loaded after the end, the page says it once, in the region itself.
    assert announcement(client.get(page).content.decode()) == [announcement(last_poll)[0]]


def test_a_failed_job_is_announced(client, job_page):
    page = job_page(split_lines()[:5])
    BatchJob.objects.update(status="failed", error="The worker stopped.", finished_at=timezone.now())
    text = client.get(page).content.decode()
    assert announcement(text) == ["Scoring people.csv failed."] and "The worker stopped." in text
    assert "result-preview" not in text and "Estimated to earn" not in text


def test_no_count_is_shown_that_pruning_made_short(client, job_page):
    page = job_page(split_lines()[:20])
    run(BatchJob.objects.get().pk)
    Prediction.objects.filter(pk=Prediction.objects.first().pk).delete()
    text = client.get(page).content.decode()
    assert "Estimated to earn" not in text and len(preview(text)[1]) == PREVIEW_ROWS
