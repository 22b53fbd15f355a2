"""Batch files in the browser: accepted whole or refused whole, every row answered, the
probabilities the API's, the files only for their uploader or staff."""

import csv
import io
import json
import re

import pytest
from django.contrib.auth.models import Permission, User

from mlcore import batchfile
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


def test_a_visitor_is_sent_to_sign_in_and_a_user_without_the_permission_refused(client, db):
    assert client.get("/batch/")["Location"].startswith("/login/?next=/batch/")
    client.force_login(User.objects.create_user("bob", password="pw-for-tests"))
    assert client.get("/batch/").status_code == 403
    assert upload(client, "x.csv", b"a,b\n1,2\n").status_code == 403


def test_a_job_and_its_files_are_the_uploaders_and_staffs_only(client, uploader, active_version):
    page = upload(client, "people.csv", "\n".join(split_lines()[:50]).encode())
    job = run(BatchJob.objects.get().pk)
    own = page["Location"]
    assert client.get(own).status_code == 200
    assert client.get(f"/batch/{job.id}/").status_code == 404  # without its signed link
    result = own.replace("/?s=", "/result.csv?s=")
    assert client.get(result)["Content-Disposition"] == 'attachment; filename="people-scored.csv"'
    other = User.objects.create_user("eve", password="pw-for-tests")
    other.user_permissions.add(Permission.objects.get(codename="run_batch"))
    client.force_login(other)
    assert client.get(own).status_code == 404 and client.get(result).status_code == 404
    client.force_login(User.objects.create_superuser("staff", "s@example.com", "pw-for-tests"))
    assert client.get(f"/batch/{job.id}/result.csv").status_code == 200


def test_progress_polls_until_the_job_ends(client, uploader, active_version):
    page = upload(client, "people.csv", "\n".join(split_lines()[:50]).encode())
    progress = page["Location"].replace("/?s=", "/progress?s=")
    html = client.get(progress).content.decode()
    assert 'hx-trigger="every 1s"' in html and 'value="0"' in html
    run(BatchJob.objects.get().pk)
    html = client.get(progress).content.decode()
    assert "hx-trigger" not in html and 'value="50"' in html and "Download the scored rows" in html


def test_deleting_a_job_removes_its_files_and_keeps_its_predictions(client, uploader, active_version):
    upload(client, "people.csv", "\n".join(split_lines()[:20]).encode())
    job = run(BatchJob.objects.get().pk)
    assert (job.directory / "result.csv").is_file()
    BatchJob.objects.all().delete()
    assert not job.directory.exists()
    assert Prediction.objects.filter(source="batch", batch_job=None).count() == 20
