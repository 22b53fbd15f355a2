"""The limits that guard the reader of a file: a cell over the csv module's field limit, a row
over 1,000 columns, a header over 64 KB. Each is refused at upload with one sentence naming
the row or the limit, as a 400 page or the htmx partial, and nothing is kept."""

import csv

import pytest

from mlcore import batchfile
from predictor.batch.models import BatchJob

from .steps import as_csv, read, run, upload

SEED = ["age", "workclass", "education", "marital_status", "race", "sex", "hours_per_week"]
PERSON = ["39", "State-gov", "Bachelors", "Never-married", "White", "Male", "40"]


def refusal(client, content: bytes, htmx: bool) -> str:
    answer = upload(client, "wide.csv", content, {"HX-Request": "true"} if htmx else {})
    assert answer.status_code == (200 if htmx else 400)
    html = answer.content.decode()
    assert ("<html" in html) is not htmx
    assert not BatchJob.objects.exists()
    return html


@pytest.mark.parametrize("htmx", [False, True])
def test_a_140000_character_cell_is_refused_naming_its_row(client, uploader, active_version, batch_dir, htmx):
    rows = [[*SEED, "note"], [*PERSON, "short"], [*PERSON, "x" * 140_000]]
    html = refusal(client, as_csv(rows), htmx)
    assert "CSV file: Row 2 has a cell over 131,072 characters, the limit for one cell." in html
    assert not any(batch_dir.iterdir())


def test_a_header_cell_over_the_limit_is_the_first_rows(client, uploader, active_version):
    html = refusal(client, as_csv([[*SEED, "n" * 140_000], [*PERSON, "x"]]), htmx=False)
    assert "CSV file: The first row has a cell over 131,072 characters, the limit for one cell." in html


@pytest.mark.parametrize("htmx", [False, True])
def test_a_file_of_a_million_and_one_columns_is_refused_with_the_limit(client, uploader, active_version, htmx):
    content = (",".join(["age"] * 1_000_001) + "\n" + ",".join(["39"] * 1_000_001) + "\n").encode()
    html = refusal(client, content, htmx)
    assert "CSV file: The first row has 1,000,001 columns; the limit is 1,000." in html


def test_a_wide_data_row_is_refused_with_its_number(client, uploader, active_version):
    rows = [SEED, PERSON, PERSON, [*PERSON, *["x"] * 1_000]]
    html = refusal(client, as_csv(rows), htmx=False)
    assert "CSV file: Row 3 has 1,007 columns; the limit is 1,000." in html


def test_a_header_over_64_kb_is_refused(client, uploader, active_version):
    header = [*SEED, *(f"{i}{'n' * 7_000}" for i in range(10))]
    html = refusal(client, as_csv([header, [*PERSON, *[""] * 10]]), htmx=False)
    assert "CSV file: The header is over 64 KB, the limit for a header row." in html


def test_a_file_of_exactly_the_limits_is_scored_and_passed_through(client, uploader, active_version):
    width = batchfile.MAX_COLUMNS - len(SEED)
    header = [*SEED, *(f"c{i}" for i in range(width))]
    long = "y" * csv.field_size_limit()
    upload(client, "wide.csv", as_csv([header, [*PERSON, long, *["z"] * (width - 1)]]))
    job = run(BatchJob.objects.get().pk)
    assert (job.status, job.rows_scored) == ("done", 1)
    header_out, row = read(job.directory / "result.csv")
    assert header_out[: len(header)] == header and row[len(SEED)] == long


def test_a_uci_file_without_a_header_may_have_long_cells(tmp_path):
    # 64 KB is a header's limit: the first row of UCI's layout is a person, not a header.
    line = "39, State-gov, 77516, Bachelors, 13, Never-married, Adm-clerical, Not-in-family, White, Male"
    path = tmp_path / "people.data"
    path.write_text(f"{line}, 2174, 0, 40, {'U' * 70_000}, <=50K\n")
    assert batchfile.inspect(path, SEED).rows == 1
