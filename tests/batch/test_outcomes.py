"""The truth comes back with a file: with "Record the known outcomes in this file" ticked,
each scored row's income is recorded with its prediction, in the same transaction, and
counts towards the live accuracy."""

import re

import pytest

from predictor.batch import parts
from predictor.batch.models import BatchJob
from predictor.models import Outcome, Prediction
from predictor.monitoring.selectors import live_quality

from .steps import as_csv, read, run, split_lines, upload

HEADER = ["age", "workclass", "education", "marital_status", "race", "sex", "hours_per_week", "earns_over_50k"]
PERSON = ["39", "State-gov", "Bachelors", "Never-married", "White", "Male", "40"]


def test_a_test_split_with_its_income_records_every_outcome_and_live_accuracy_is_their_count(
    client, uploader, active_version
):
    lines = split_lines()[:1_000]  # UCI's layout: the income column is ">50K." or "<=50K."
    page = upload(client, "adult.test", "\n".join(lines).encode(), record_outcomes="on")
    job = run(BatchJob.objects.get().pk)
    assert (job.rows_scored, job.rows_failed) == (1000, 0)
    outcomes = Outcome.objects.filter(prediction__batch_job=job)
    assert outcomes.count() == 1000
    assert set(outcomes.values_list("recorded_by", flat=True)) == {f"batch {job.id}"}
    # By hand: the label the result file gives each row against the income the file states.
    rows = read(job.directory / "result.csv")[1:]
    truth = [line.rsplit(",", 1)[1].strip().rstrip(".") for line in lines]
    right = sum(row[-6] == said for row, said in zip(rows, truth, strict=True))
    (live,) = live_quality()
    assert (live["outcomes"], live["accuracy"]) == (1000, round(right / 1000, 6))
    stated = dict(outcomes.values_list("prediction_id", "earns_over_50k"))
    assert [stated[int(row[-4])] for row in rows] == [said == ">50K" for said in truth]
    assert "1,000 known outcomes recorded from the file." in client.get(page["Location"]).content.decode()


def test_a_blank_or_unreadable_outcome_records_nothing_and_the_row_is_still_scored(client, uploader, active_version):
    said = ["true", "", "FALSE", "perhaps", ">50K", "true"]
    rows = [[*PERSON, value] for value in said]
    rows[5][0] = "250"  # refused: no prediction, so no outcome
    upload(client, "known.csv", as_csv([HEADER, *rows]), record_outcomes="on")
    job = run(BatchJob.objects.get().pk)
    assert (job.rows_scored, job.rows_failed) == (5, 1)
    by_row = {int(row[-4]): row[7] for row in read(job.directory / "result.csv")[1:]}
    stated = dict(Outcome.objects.values_list("prediction_id", "earns_over_50k"))
    assert {by_row[pk]: value for pk, value in stated.items()} == {"true": True, "FALSE": False, ">50K": True}


def test_without_the_box_ticked_no_outcome_is_recorded(client, uploader, active_version):
    page = upload(client, "known.csv", as_csv([HEADER, [*PERSON, "true"]]))
    job = run(BatchJob.objects.get().pk)
    assert job.rows_scored == 1 and not Outcome.objects.exists()
    html = client.get(page["Location"]).content.decode()
    assert "1 scored" in html and "outcomes recorded" not in html


@pytest.mark.parametrize("htmx", [False, True])
def test_ticking_the_box_for_a_file_without_an_income_column_is_refused(client, uploader, active_version, htmx):
    headers = {"HX-Request": "true"} if htmx else {}
    answer = upload(client, "people.csv", as_csv([HEADER[:-1], PERSON]), headers, record_outcomes="on")
    assert answer.status_code == (200 if htmx else 400)
    html = answer.content.decode()
    assert (
        "CSV file: To record outcomes the file needs an income column (&gt;50K or &lt;=50K) "
        "or an earns_over_50k column (true or false)."
    ) in html
    assert ("<html" in html) is not htmx
    assert re.search(r'<input type="checkbox" name="record_outcomes"[^>]* checked>', html)  # kept ticked
    assert not BatchJob.objects.exists()


def test_a_chunk_that_fails_takes_its_outcomes_back_with_its_predictions(
    client, uploader, active_version, monkeypatch, settings
):
    upload(client, "adult.test", "\n".join(split_lines()[:700]).encode(), record_outcomes="on")
    write, calls = parts.write, []

    def fails_on_the_second_chunk(*args):
        calls.append(1)
        if len(calls) == 2:
            raise OSError("disk full")
        write(*args)

    monkeypatch.setattr(parts, "write", fails_on_the_second_chunk)
    with pytest.raises(OSError):
        run(BatchJob.objects.get().pk)
    job = BatchJob.objects.get()
    assert (job.status, job.rows_done) == ("failed", settings.BATCH_CHUNK_ROWS)
    assert Prediction.objects.filter(batch_job=job).count() == Outcome.objects.count() == settings.BATCH_CHUNK_ROWS
