"""result.csv and errors.csv as every tool reads them: RFC 4180 in UTF-8, the header first,
every line ending CRLF, each cell as the file sent it, read by DuckDB and pandas with their
defaults."""

import duckdb
import pandas as pd
import pytest

import mlcore
from predictor.batch.models import BatchJob

from .steps import run, upload

HEADER = "note,age,workclass,education,marital_status,race,sex,hours_per_week\r\n"
# A cell of two lines, a quote and a comma, a word beyond ASCII; one row refused (age 250).
PEOPLE = [
    '"two\r\nlines",39,State-gov,Bachelors,Never-married,White,Male,40\r\n',
    '"says ""hi"", twice",50,Private,HS-grad,Divorced,Black,Female,45\r\n',
    "Zoë,28,Private,Masters,Married-civ-spouse,White,Female,38\r\n",
    "too old,250,Private,HS-grad,Never-married,White,Male,40\r\n",
]


@pytest.fixture
def job(client, uploader, active_version) -> BatchJob:
    upload(client, "people.csv", (HEADER + "".join(PEOPLE)).encode())
    return run(BatchJob.objects.get().pk)


@pytest.mark.parametrize("kind", ["result", "errors"])
def test_every_line_ends_crlf_and_the_header_comes_first(job, kind):
    data = (job.directory / f"{kind}.csv").read_bytes()
    assert data.endswith(b"\r\n")
    assert data.count(b"\n") == data.count(b"\r\n") and data.count(b"\r") == data.count(b"\r\n")
    header = mlcore.ERROR_HEADER if kind == "errors" else [*HEADER.rstrip().split(","), *mlcore.ADDED]
    assert data.startswith(",".join(header).encode() + b"\r\n")


def test_cells_come_back_byte_for_byte(job):
    data = (job.directory / "result.csv").read_bytes()
    assert data.count(b"\r\n") == 1 + 3 + 1  # the header, three rows, the cell's own line break
    for line in PEOPLE[:3]:
        assert line.removesuffix("\r\n").encode() + b"," in data


def test_duckdb_and_pandas_read_the_files_with_their_defaults(job):
    result, errors = job.directory / "result.csv", job.directory / "errors.csv"
    frame = pd.read_csv(result)
    table = duckdb.read_csv(str(result)).df()
    for read in (frame, table):
        assert list(read.columns[:8]) == HEADER.rstrip().split(",")
        assert read["note"].tolist() == ["two\r\nlines", 'says "hi", twice', "Zoë"]
        assert read["age"].tolist() == [39, 50, 28]
        assert read["label"].isin([">50K", "<=50K"]).all() and len(read) == 3
    for read in (pd.read_csv(errors), duckdb.read_csv(str(errors)).df()):
        assert read.to_dict("records") == [
            {"row": 4, "field": "age", "value": 250, "problem": "must be between 17 and 90; got 250"}
        ]
