"""Files that cannot attack their reader: in result.csv and errors.csv, header included, a
cell a spreadsheet would run as a formula is written with a leading `'` (OWASP's
CSV-injection rule), a plain number such as -3 or +1.5 as it was, every other cell byte for
byte."""

import pytest

from mlcore.batchrows import inert
from predictor.batch.models import BatchJob

from .steps import as_csv, opens_a_formula, read, run, upload


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ("=1+2", "'=1+2"),
        ('=HYPERLINK("http://x.example","go")', '\'=HYPERLINK("http://x.example","go")'),
        ("+44 20 7946 0000", "'+44 20 7946 0000"),
        ("-2+3", "'-2+3"),
        ("-", "'-"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("-inf", "'-inf"),
        ("-٣", "'-٣"),  # a digit, but not one a spreadsheet reads as a number
        ("-3 ", "'-3 "),
    ]
    + [(number, number) for number in ("-3", "+1.5", "-.5", "+7.", "-1e-05", "2E+3", "40")]
    + [(cell, cell) for cell in ("", "Zoë", " =1", "'=1", "a=b", "1-2")]
    + [(-3, -3), (0.25, 0.25)],
)
def test_a_formula_gets_a_quote_and_a_plain_number_or_other_cell_stays(cell, written):
    assert inert(cell) == written


HEADER = ["=cmd|' /C calc'!A0", "age", "workclass", "education", "marital_status", "race", "sex", "hours_per_week"]
PEOPLE = [
    ["@SUM(1+1)*cmd", "39", "State-gov", "Bachelors", "Never-married", "White", "Male", "40"],
    ["-3", "50", "Private", "HS-grad", "Divorced", "Black", "Female", "+1.5"],  # +1.5 is no whole number
    ["+1.5", "28", "Private", "Masters", "=2+5", "White", "Female", "38"],
    ["\tnote", "=1+1", "Private", "HS-grad", "Never-married", "White", "Male", "-40"],
]


@pytest.fixture
def job(client, uploader, active_version) -> BatchJob:
    upload(client, "formulas.csv", as_csv([HEADER, *PEOPLE]))
    return run(BatchJob.objects.get().pk)


def test_the_result_file_quotes_formulas_in_its_header_and_rows(job):
    header, *rows = read(job.directory / "result.csv")
    assert job.rows_scored == 1
    assert header[:2] == ["'=cmd|' /C calc'!A0", "age"]
    assert rows[0][:3] == ["'@SUM(1+1)*cmd", "39", "State-gov"]


def test_the_errors_file_quotes_the_values_it_names(job):
    rows = read(job.directory / "errors.csv")[1:]
    values = {(row[0], row[1]): row[2] for row in rows}
    assert values[("2", "hours_per_week")] == "+1.5"  # a plain number, as it was
    assert values[("3", "marital_status")] == "'=2+5"
    assert values[("4", "age")] == "'=1+1"
    assert values[("4", "hours_per_week")] == "-40"


def test_no_cell_of_either_file_opens_a_formula(job):
    for kind in ("result", "errors"):
        for row in read(job.directory / f"{kind}.csv"):
            assert not [cell for cell in row if opens_a_formula(cell)], kind
