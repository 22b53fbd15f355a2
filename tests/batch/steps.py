"""The steps of a batch test: take people from the UCI test split, upload them as the form
does, run the job as the worker would, read its files back, tell a cell that opens a
spreadsheet formula."""

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile

from predictor.batch import processing
from predictor.batch.models import BatchJob
from tests.conftest import DATA_DIR

KAGGLE = "age,workclass,fnlwgt,education,educational-num,marital-status,occupation,relationship,race,gender,capital-gain,capital-loss,hours-per-week,native-country,income"  # noqa: E501


def split_lines() -> list[str]:
    """The UCI test split's data lines, as they are in the file."""
    text = (DATA_DIR / "adult.test").read_text()
    return [line for line in text.splitlines()[1:] if line.strip()]


def upload(client, name: str, content: bytes, headers=None, **fields):
    """POST the upload form, with any other field (`record_outcomes="on"`) and headers."""
    file = SimpleUploadedFile(name, content, "text/csv")
    return client.post("/batch/", {"file": file, **fields}, headers=headers or {})


def run(job_id) -> BatchJob:
    processing.job_process(str(job_id))
    return BatchJob.objects.get(pk=job_id)


def read(path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as file:
        return list(csv.reader(file))


def as_csv(rows) -> bytes:
    text = io.StringIO()
    csv.writer(text).writerows(rows)
    return text.getvalue().encode()


def opens_a_formula(cell: str) -> bool:
    """The oracle, written apart from the rule: a dangerous first character, and not a number
    Python reads from ASCII digits, signs, a point and an exponent only."""
    if not cell.startswith(("=", "+", "-", "@", "\t", "\r")):
        return False
    if set(cell) - set("0123456789+-.eE"):
        return True
    try:
        float(cell)
    except ValueError:
        return True
    return False
