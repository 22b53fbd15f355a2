"""Batch files: accepted whole or refused whole, then scored chunk by chunk by a worker.

Each chunk's predictions, its lines of the result and errors files, and the job's progress
are one transaction: the part files are written before the commit and rewritten should the
chunk run again, so a job resumed after a crash stores no row twice and loses none.
"""

import dataclasses
import os
import shutil
import socket
import uuid

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

import mlcore
from mlcore import batchfile, batchrows

from . import batch_parts as parts
from .jobs import BatchJob
from .models import ModelVersion
from .registry import active_predictor
from .services import predictions_create
from .storage import StoredBatch
from .tasks import score_batch

__all__ = ["BatchFileError", "job_create", "job_process"]
BatchFileError = batchfile.BatchFileError


def job_create(*, user, upload) -> BatchJob:
    """Check an uploaded file whole and queue it for the active model. Raises BatchFileError
    (or registry.ModelUnavailable) with nothing kept."""
    if upload.size > batchfile.MAX_BYTES:  # refused before it is copied anywhere
        raise BatchFileError(f"The file is {upload.size / 1024**2:.1f} MB; the limit is 100 MB.")
    version, predictor = active_predictor()
    job_id = uuid.uuid4()
    directory = settings.BATCH_DIR / str(job_id)
    directory.mkdir(parents=True)
    try:
        path = directory / "input.csv"
        with path.open("wb") as out:
            for piece in upload.chunks():
                out.write(piece)
        layout = batchfile.inspect(path, list(predictor.schema.names))
        with transaction.atomic():  # the job and its task together, or neither
            job = BatchJob.objects.create(
                id=job_id,
                uploaded_by=user,
                file_name=os.path.basename(upload.name)[:255],
                size_bytes=upload.size,
                rows_total=layout.rows,
                model_version=version,
                layout=dataclasses.asdict(layout),
            )
            job.task_id = str(score_batch.enqueue(str(job.id)).id)
            job.save(update_fields=["task_id"])
    except BaseException:
        shutil.rmtree(directory, ignore_errors=True)
        raise
    return job


class JobGone(Exception):
    """The job was deleted while it ran: its chunk is rolled back and scoring stops."""


def _score_chunk(job, model, layout, rows, first: int) -> None:
    cleaned, positions, errors = batchrows.records(model[1], rows, layout, first)
    with transaction.atomic():
        stored = StoredBatch([], [], [], [], [], job.model_version_id, None)
        if cleaned:
            stored = predictions_create(records=cleaned, source="batch", model=model, batch_job=job)
        result = batchrows.result_rows(
            rows, positions, stored.probabilities, stored.labels, stored.explanations, job.model_version_id, stored.ids
        )
        parts.write(job.directory, first, result, errors)
        moved = BatchJob.objects.filter(pk=job.pk, rows_done=first - 1).update(
            rows_done=F("rows_done") + len(rows),
            rows_scored=F("rows_scored") + len(cleaned),
            rows_failed=F("rows_failed") + len({e[0] for e in errors}),
            heartbeat_at=timezone.now(),
        )
        if not moved:
            raise JobGone(job.pk)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def job_process(job_id: str) -> None:
    """Score a job from where it stopped to its end; a failure marks it failed, with why."""
    job = BatchJob.objects.filter(pk=job_id).first()
    if job is None or job.finished:
        return
    now = timezone.now()
    BatchJob.objects.filter(pk=job.pk).update(
        status=BatchJob.Status.RUNNING, started_at=job.started_at or now, heartbeat_at=now, worker=worker_name()
    )
    try:
        version = ModelVersion.objects.get(pk=job.model_version_id)
        predictor = mlcore.load(version.artifact, version.artifact_sha256, version.metadata)
        layout = batchfile.Layout(**job.layout)
        parts.clear_after(job.directory, job.rows_done)
        rows = batchfile.read_rows(job.directory / "input.csv", layout, job.rows_done)
        first = job.rows_done + 1
        for chunk in batchfile.chunks(rows, settings.BATCH_CHUNK_ROWS):
            _score_chunk(job, (version, predictor), layout, chunk, first)
            first += len(chunk)
        # Joined again should a worker die before the job is marked done: the parts stay
        # until then, so a resumed job never joins an empty folder over a finished result.
        parts.join(job.directory, batchrows.result_header(layout))
        BatchJob.objects.filter(pk=job.pk).update(status=BatchJob.Status.DONE, finished_at=timezone.now())
        parts.remove(job.directory)
    except JobGone:
        return
    except Exception as error:  # noqa: BLE001  every failure ends the job with its reason
        reason = f"{type(error).__name__}: {error}"
        BatchJob.objects.filter(pk=job.pk).exclude(status=BatchJob.Status.DONE).update(
            status=BatchJob.Status.FAILED, finished_at=timezone.now(), error=f"Scoring stopped: {reason}"[:2000]
        )
        raise
