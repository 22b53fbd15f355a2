"""The batch wing's writes: accept a file whole and queue it, queue a stalled job again, or
delete the jobs and files retention has run out for.

The job row and its task are made in one transaction, so a job is never queued twice nor
left without a task; the scoring itself is the task's (tasks.py, processing.py).
"""

import dataclasses
import os
import shutil
import uuid

from django.conf import settings
from django.db import transaction
from django_tasks_db.models import DBTaskResult

import mlcore
from predictor.registry import active_model

from .models import BatchJob
from .tasks import score_batch


def job_create(*, user, upload, record_outcomes: bool = False) -> BatchJob:
    """Check an uploaded file whole and queue it for the active model; with
    `record_outcomes`, the file must have an income column, and each scored row's outcome is
    recorded with its prediction. Raises mlcore.BatchFileError (or
    registry.ModelUnavailable) with nothing kept."""
    if upload.size > mlcore.BATCH_MAX_BYTES:  # refused before it is copied anywhere
        limit = mlcore.BATCH_MAX_BYTES // 1024**2
        raise mlcore.BatchFileError(f"The file is {upload.size / 1024**2:.1f} MB; the limit is {limit} MB.")
    model = active_model()
    job_id = uuid.uuid4()
    directory = settings.BATCH_DIR / str(job_id)
    directory.mkdir(parents=True)
    try:
        path = directory / "input.csv"
        with path.open("wb") as out:
            for piece in upload.chunks():
                out.write(piece)
        layout = mlcore.inspect_batch_file(path, list(model.predictor.schema.names), outcomes=record_outcomes)
        with transaction.atomic():  # the job and its task together, or neither
            job = BatchJob.objects.create(
                id=job_id,
                uploaded_by=user,
                file_name=os.path.basename(upload.name)[:255],
                size_bytes=upload.size,
                rows_total=layout.rows,
                model_version=model.version,
                layout=dataclasses.asdict(layout),
            )
            job.task_id = str(score_batch.enqueue(str(job.id)).id)
            job.save(update_fields=["task_id"])
    except BaseException:
        shutil.rmtree(directory, ignore_errors=True)
        raise
    return job


def job_requeue(*, job: BatchJob) -> None:
    """Queue a job again whose worker died; its old run, left "running", is marked failed.
    It resumes from its last committed chunk."""
    old = DBTaskResult.objects.filter(id=job.task_id, status="RUNNING").first() if job.task_id else None
    if old is not None:
        old.set_failed(RuntimeError(f"worker {job.worker} stopped; job queued again"))
    job.task_id = str(score_batch.enqueue(str(job.id)).id)
    job.status, job.worker = BatchJob.Status.QUEUED, ""
    job.save(update_fields=["task_id", "status", "worker"])


def jobs_prune(*, before) -> int:
    """Delete the jobs that finished (done or failed) before `before`, with their folders:
    the upload, the result and the errors, every one of them personal. Their predictions
    are pruned as predictions, by date. Returns how many jobs were deleted."""
    finished = [BatchJob.Status.DONE, BatchJob.Status.FAILED]
    old = list(BatchJob.objects.filter(status__in=finished, finished_at__lt=before).only("pk"))
    # By id, so a job that finishes meanwhile is not deleted without its folder.
    _, per_model = BatchJob.objects.filter(pk__in=[job.pk for job in old]).defer("layout").delete()
    # Only these jobs' folders: one no job owns is not ours to judge (a test database may
    # sit beside a real BATCH_DIR).
    for job in old:
        shutil.rmtree(job.directory, ignore_errors=True)
    return per_model.get(BatchJob._meta.label, 0)
