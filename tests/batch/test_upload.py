"""Batch files in the browser: every row answered, the probabilities the API's, bad rows listed."""

import csv
import io
import json
import re

from mlcore.rawcsv import UCI_COLUMNS
from predictor.batch.models import BatchJob
from predictor.models import Prediction
from tests.api.conftest import bearer, make_key

from .steps import KAGGLE, read, run, split_lines, upload

SEED = ["age", "workclass", "education", "marital_status", "race", "sex", "hours_per_week"]


def test_a_file_is_scored_row_for_row_as_the_api_scores_it(client, uploader, active_version):
    lines = split_lines()[:1_000]
    answer = upload(client, "people.csv", "\n".join(lines).encode())
    assert answer.status_code == 302
    job = run(BatchJob.objects.get().pk)
    assert (job.status, job.rows_total, job.rows_done, job.rows_scored, job.rows_failed) == (
        "done",
        1000,
        1000,
        1000,
        0,
    )
    rows = read(job.directory / "result.csv")
    assert rows[0] == [
        *UCI_COLUMNS,
        "probability",
        "label",
        "model_version",
        "prediction_id",
        *(f"reason_{i}" for i in (1, 2, 3)),
    ]
    assert len(rows) == 1001
    records = [dict(zip(SEED, (r[UCI_COLUMNS.index(n)].strip() for n in SEED), strict=True)) for r in rows[1:]]
    for record in records:
        record["age"], record["hours_per_week"] = int(record["age"]), int(record["hours_per_week"])
        record.update({k: "Not-stated" for k, v in record.items() if v == "?"})
    body = json.dumps({"instances": records})
    api = client.post("/api/v1/predictions", body, content_type="application/json", **bearer(make_key("predict")))
    expected = api.json()["predictions"]
    assert [float(r[-7]) for r in rows[1:]] == [p["probability"] for p in expected]
    assert [r[-6] for r in rows[1:]] == [p["label_text"] for p in expected]
    stored = Prediction.objects.filter(batch_job=job, source="batch")
    assert stored.count() == 1000
    assert sorted(int(r[-4]) for r in rows[1:]) == sorted(stored.values_list("pk", flat=True))
    assert all(
        re.fullmatch(r".+ (raises the chance|lowers the chance|makes little difference)", r[-3]) for r in rows[1:]
    )


def test_kaggles_adult_csv_is_scored_every_row_as_ucis_layout_is(client, uploader, active_version):
    lines = split_lines()[:1_000]
    # Kaggle writes the same people with its own header and no space after a comma.
    kaggle = [KAGGLE, *(",".join(value.strip() for value in line.split(",")) for line in lines)]
    upload(client, "adult.csv", "\n".join(kaggle).encode())
    upload(client, "adult.test", "\n".join(lines).encode())
    kaggle_job, uci_job = (run(job.pk) for job in BatchJob.objects.order_by("created_at"))
    assert (kaggle_job.rows_total, kaggle_job.rows_scored, kaggle_job.rows_failed) == (1000, 1000, 0)
    kaggle_rows, uci_rows = read(kaggle_job.directory / "result.csv"), read(uci_job.directory / "result.csv")
    assert kaggle_rows[0][:15] == KAGGLE.split(",")  # the file's own header comes back
    assert [r[-7:-5] for r in kaggle_rows[1:]] == [r[-7:-5] for r in uci_rows[1:]]  # probability, label


def test_bad_rows_are_listed_with_reasons_and_do_not_stop_the_file(client, uploader, active_version):
    header = ["age", "workclass", "education", "marital-status", "race", "sex", "hours-per-week", "note"]
    good = [["39", "State-gov", "Bachelors", "Never-married", "White", "Male", "40", f"kept {i}"] for i in range(963)]
    bad = [["fifty", "State-gov", "Bachelors", "Never-married", "White", "Male", "40", "x"]] * 20
    bad += [["39", "State-gov", "Bachelors", "Never-married", "Martian", "Male", "400", "x"]] * 17
    rows = good[:500] + bad + good[500:]
    text = io.StringIO()
    csv.writer(text).writerows([header, *rows])
    upload(client, "mixed.csv", text.getvalue().encode())
    job = run(BatchJob.objects.get().pk)
    assert (job.rows_scored, job.rows_failed, job.status) == (963, 37, "done")
    errors = read(job.directory / "errors.csv")
    assert errors[0] == ["row", "field", "value", "problem"]
    assert sorted({int(e[0]) for e in errors[1:]}) == list(range(501, 538))
    assert ["501", "age", "fifty", "must be a whole number from 17 to 90"] in errors
    fields = {(int(e[0]), e[1]) for e in errors[1:]}
    assert (530, "race") in fields and (530, "hours_per_week") in fields
    result = read(job.directory / "result.csv")
    assert len(result) == 964 and result[0][:8] == header
    assert [r[7] for r in result[1:]] == [f"kept {i}" for i in range(963)]  # passed through, in order
    assert Prediction.objects.filter(batch_job=job).count() == 963
