"""A queued batch job scored chunk by chunk, from where it stopped to its end.

Each chunk's predictions, the outcomes its rows state (when the uploader asked for them),
its lines of the result and errors files, and the job's progress are one transaction: the
part files are written before the commit and rewritten should the chunk run again, so a job
resumed after a crash stores no row twice and loses none.
"""

import os
import socket

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

import mlcore
from predictor.models import ModelVersion
from predictor.registry import ActiveModel, load_version
from predictor.services import outcomes_record, predictions_create
from predictor.serving import serving_keys
from predictor.stored import StoredRows

from . import parts
from .models import BatchJob


class JobGone(Exception):
    """The job was deleted while it ran: its chunk is rolled back and scoring stops."""


def _score_chunk(job, model: ActiveModel, layout, rows, first: int) -> None:
    cleaned, positions, errors = mlcore.batch_records(model.predictor, rows, layout, first)
    with transaction.atomic():
        stored = StoredRows([], [], [], [], [], job.model_version_id, None)
        if cleaned:
            stored = predictions_create(records=cleaned, source="batch", model=model, batch_job=job)
        known = mlcore.batch_outcomes(rows, positions, stored.ids, layout)
        if known:
            outcomes_record(items=known, by=job.outcomes_by)
        result = mlcore.result_rows(
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
        # The version the job was queued for, though another may have been activated since.
        version = ModelVersion.objects.get(pk=job.model_version_id)
        _, shadow_key = serving_keys()  # rows are marked for the shadow; the worker scores them later
        model = ActiveModel(version, load_version(version), shadow_key[0] if shadow_key else None)
        layout = mlcore.Layout(**job.layout)
        parts.clear_after(job.directory, job.rows_done)
        rows = mlcore.read_rows(job.directory / "input.csv", layout, job.rows_done)
        first = job.rows_done + 1
        for chunk in mlcore.chunks(rows, settings.BATCH_CHUNK_ROWS):
            _score_chunk(job, model, layout, chunk, first)
            first += len(chunk)
        # Joined again should a worker die before the job is marked done: the parts stay
        # until then, so a resumed job never joins an empty folder over a finished result.
        parts.join(job.directory, mlcore.result_header(layout))
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
