"""Retention covers everything personal: a finished job's upload goes as soon as its result
is written, and `prune_predictions` deletes the jobs finished before its cut-off with their
folders, after their predictions."""

from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from predictor.batch.models import BatchJob
from predictor.batch.services import jobs_prune
from predictor.models import Prediction

from .steps import read, run, split_lines, upload

TOMORROW = (timezone.now() + timedelta(days=1)).strftime("%Y-%m-%d")


def upload_and_run(client, lines: int, name: str = "people.csv") -> BatchJob:
    upload(client, name, "\n".join(split_lines()[:lines]).encode())
    return run(BatchJob.objects.get(file_name=name).pk)


def test_a_done_jobs_upload_is_deleted_and_its_result_keeps_the_columns(client, uploader, active_version):
    job = upload_and_run(client, 20)
    assert job.status == "done" and sorted(p.name for p in job.directory.iterdir()) == ["errors.csv", "result.csv"]
    assert read(job.directory / "result.csv")[1][:2] == ["25", " Private"]  # the file's own cells


def test_prune_with_a_future_date_leaves_no_job_no_folder_and_no_prediction(
    client, uploader, active_version, batch_dir
):
    done = upload_and_run(client, 30, "done.csv")
    failed = upload_and_run(client, 10, "failed.csv")
    BatchJob.objects.filter(pk=failed.pk).update(status="failed", error="Scoring stopped: tests")
    (failed.directory / "input.csv").write_text("kept by a failed job\n")
    out = StringIO()
    call_command("prune_predictions", "--before", TOMORROW, stdout=out)
    assert "Deleted 40 prediction(s)" in out.getvalue()
    assert "Deleted 2 batch job(s) finished before" in out.getvalue()
    assert not BatchJob.objects.exists() and not Prediction.objects.exists()
    assert list(batch_dir.iterdir()) == []
    assert not done.directory.exists() and not failed.directory.exists()


def test_the_default_retention_keeps_recent_jobs_and_prunes_old_ones(client, uploader, active_version, settings):
    old, recent = upload_and_run(client, 5, "old.csv"), upload_and_run(client, 5, "recent.csv")
    long_ago = timezone.now() - timedelta(days=settings.PREDICTION_RETENTION_DAYS + 1)
    BatchJob.objects.filter(pk=old.pk).update(created_at=long_ago, finished_at=long_ago)
    Prediction.objects.filter(batch_job=old).update(created_at=long_ago)
    out = StringIO()
    call_command("prune_predictions", stdout=out)
    assert "Deleted 5 prediction(s)" in out.getvalue() and "Deleted 1 batch job(s)" in out.getvalue()
    assert list(BatchJob.objects.values_list("file_name", flat=True)) == ["recent.csv"]
    assert not old.directory.exists() and (recent.directory / "result.csv").is_file()


def test_a_job_still_waiting_or_scoring_is_kept_with_its_upload(client, uploader, active_version):
    upload(client, "waiting.csv", "\n".join(split_lines()[:5]).encode())
    job = BatchJob.objects.get()
    assert jobs_prune(before=timezone.now() + timedelta(days=1)) == 0
    assert (job.directory / "input.csv").is_file()  # the worker has still to read it
    BatchJob.objects.filter(pk=job.pk).update(status="running")
    assert jobs_prune(before=timezone.now() + timedelta(days=1)) == 0
    assert run(job.pk).status == "done"  # resumed from its upload, which then goes
    assert not (job.directory / "input.csv").exists()
