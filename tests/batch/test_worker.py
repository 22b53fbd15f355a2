"""The batch worker's start: which stranded jobs it takes over, and that it then runs them."""

import os
import socket
import subprocess
from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from predictor.batch import parts, processing, services
from predictor.batch.models import BatchJob
from predictor.batch.selectors import orphaned_jobs
from tests.conftest import DATA_DIR

HOST = socket.gethostname()


@pytest.fixture(autouse=True)
def batch_dir(settings, tmp_path):
    settings.BATCH_DIR = tmp_path / "batch"
    settings.BATCH_CHUNK_ROWS = 100


@pytest.fixture
def job(db, active_version):
    user = User.objects.create_superuser("staff", "s@example.com", "pw-for-tests")
    lines = (DATA_DIR / "adult.test").read_text().splitlines()[1:501]
    return services.job_create(user=user, upload=SimpleUploadedFile("people.csv", "\n".join(lines).encode()))


def dead_pid() -> int:
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid  # exited and reaped: no process has it now


def strand(job, *, worker: str, heartbeat_age: float) -> None:
    BatchJob.objects.filter(pk=job.pk).update(
        status="running", worker=worker, heartbeat_at=timezone.now() - timedelta(seconds=heartbeat_age)
    )


def test_a_job_whose_process_here_is_gone_is_taken_over_at_once(job):
    strand(job, worker=f"{HOST}:{dead_pid()}", heartbeat_age=0)
    assert orphaned_jobs() == [job]


def test_a_job_whose_process_here_is_alive_is_left_alone(job):
    with subprocess.Popen(["sleep", "30"]) as alive:
        strand(job, worker=f"{HOST}:{alive.pid}", heartbeat_age=3600)
        assert orphaned_jobs() == []
        alive.kill()


def test_a_job_left_by_an_earlier_process_with_this_pid_is_taken_over(job):
    # A container restarted keeps its host name and may give the new worker the old pid.
    strand(job, worker=f"{HOST}:{os.getpid()}", heartbeat_age=0)
    assert orphaned_jobs() == [job]


def test_a_job_killed_after_joining_its_files_keeps_its_whole_result(job, monkeypatch):
    join = parts.join

    def killed_after(*args):
        join(*args)
        raise SystemExit("killed before the job is marked done")

    monkeypatch.setattr(parts, "join", killed_after)
    with pytest.raises(SystemExit):
        processing.job_process(str(job.pk))
    monkeypatch.setattr(parts, "join", join)
    assert BatchJob.objects.get(pk=job.pk).status == "running"
    processing.job_process(str(job.pk))  # as the worker that takes it over runs it
    job.refresh_from_db()
    assert job.status == "done"
    assert len((job.directory / "result.csv").read_text().splitlines()) == 1 + job.rows_scored


def test_a_job_on_another_host_is_taken_over_only_when_its_heartbeat_is_stale(job, settings):
    strand(job, worker="elsewhere:123", heartbeat_age=settings.BATCH_STALE_SECONDS - 5)
    assert orphaned_jobs() == []
    strand(job, worker="elsewhere:123", heartbeat_age=settings.BATCH_STALE_SECONDS + 5)
    assert orphaned_jobs() == [job]


@pytest.mark.django_db(transaction=True)
def test_the_worker_resumes_a_stranded_job_and_marks_its_old_run_failed(job):
    # The first run dies after 200 rows (this process plays it): its task is left
    # "running", the job too.
    old = DBTaskResult.objects.get(id=job.task_id)
    old.claim("dead-worker")
    original = processing._score_chunk
    calls = []

    def dies_on_the_third_chunk(*args):
        calls.append(1)
        if len(calls) == 3:
            raise SystemExit("killed")
        original(*args)

    processing._score_chunk = dies_on_the_third_chunk
    try:
        with pytest.raises(SystemExit):
            processing.job_process(str(job.pk))
    finally:
        processing._score_chunk = original
    job.refresh_from_db()
    assert (job.status, job.rows_done) == ("running", 200)
    strand(job, worker=f"{HOST}:{dead_pid()}", heartbeat_age=0)  # its process is gone
    out = StringIO()
    call_command("batch_worker", "--batch", stdout=out)
    job.refresh_from_db()
    assert f"Resuming batch job {job.pk} (people.csv) from row 201" in out.getvalue()
    assert (job.status, job.rows_done, job.rows_scored + job.rows_failed) == ("done", 500, 500)
    assert job.predictions.count() == job.rows_scored
    assert DBTaskResult.objects.get(id=old.id).status == "FAILED"
    lines = (job.directory / "result.csv").read_text().splitlines()
    assert len(lines) == 1 + job.rows_scored


@pytest.mark.parametrize(
    ("passes", "expected_calls"),
    [([7], 1), ([0], 1), ([5_000, 5_000, 7], 3), ([5_000, 0], 2)],
)
def test_the_shadow_is_scored_again_at_once_only_while_its_passes_come_back_full(monkeypatch, passes, expected_calls):
    # Rows stored since a pass began wait for the next interval: going again at once for a
    # handful kept the worker busy under steady traffic.
    from predictor.batch.management.commands import batch_worker

    assert batch_worker.SHADOW_CHUNK == 5_000
    left = list(passes)
    monkeypatch.setattr(batch_worker, "shadow_score_pending", lambda: left.pop(0))
    assert batch_worker.score_shadow_until_none() == sum(passes)
    assert len(passes) - len(left) == expected_calls
