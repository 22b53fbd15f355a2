"""Batch files refused whole: one clear message, and nothing kept."""

import pytest

from mlcore import batchfile
from predictor.batch.models import BatchJob

from .steps import split_lines, upload


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The file is empty."),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "This is not a CSV file"),
        (b"age,workclass,race\n39,Private,White\n", "Missing column(s): education, marital_status, sex"),
        (b"name,city\nAda,London\n", "No recognised columns"),
        (
            "age,workclass,education,marital_status,race,sex,hours_per_week\n39,Privé,x,y,z,w,40\n".encode("latin-1"),
            "not UTF-8",
        ),
        (b"age,workclass,education,marital_status,race,sex,hours_per_week\n", "a header but no rows"),
    ],
)
def test_a_refused_file_gets_one_clear_message_and_nothing_is_kept(
    client, uploader, active_version, batch_dir, content, message
):
    answer = upload(client, "bad.csv", content)
    assert answer.status_code == 400
    assert message in answer.content.decode()
    assert not BatchJob.objects.exists()
    assert not batch_dir.exists() or not any(batch_dir.iterdir())


def test_limits_are_enforced_and_named(client, uploader, active_version, monkeypatch):
    monkeypatch.setattr(batchfile, "MAX_ROWS", 10)
    answer = upload(client, "long.csv", "\n".join(split_lines()[:11]).encode())
    assert "The file has 11 rows; the limit is 10." in answer.content.decode()
    monkeypatch.setattr(batchfile, "MAX_BYTES", 100)
    answer = upload(client, "big.csv", "\n".join(split_lines()[:5]).encode())
    assert "the limit is" in answer.content.decode() and answer.status_code == 400
    assert not BatchJob.objects.exists()
