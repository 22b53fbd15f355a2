"""The batch wing's reads: who may see a job, a user's recent jobs, the outcomes a job's file
stated, a finished job's answers and first rows, and jobs whose worker died.

None of them loads a job's layout: every column's name of its file, up to megabytes, that
only the worker needs. A page polls its job every second.
"""

import csv
import os
import socket
from dataclasses import dataclass
from datetime import timedelta
from itertools import islice

from django.conf import settings
from django.core import signing
from django.db.models import Count, Q
from django.db.models.fields.json import KeyTransform
from django.utils import timezone

import mlcore
from predictor.models import Outcome, Prediction

from .models import BatchJob

# A job's page and files are reached through links signed for its uploader.
SIGNER = signing.Signer(salt="batch-files")
# A finished job's page shows this many rows of its result, and at most this many columns: a
# file may have a thousand, and then the page keeps the model's answer and the file's first ones.
PREVIEW_ROWS = 10
PREVIEW_COLUMNS = 20


@dataclass(frozen=True)
class Preview:
    header: list[str]
    rows: list[list[str]]
    hidden: int  # columns of the file left out


def _jobs():
    """Jobs without their layout; with `outcome_column`, the one key of it a page needs
    (the job's records_outcomes)."""
    return BatchJob.objects.defer("layout").annotate(outcome_column=KeyTransform("outcome", "layout"))


def job_signature(job: BatchJob) -> str:
    return SIGNER.sign(f"{job.id}:{job.uploaded_by_id}")


def job_for(*, user, job_id, signature: str) -> BatchJob | None:
    """The job, if `user` may see it: staff who may view jobs, or its uploader holding the
    signed link. None otherwise, the same answer as for a job that does not exist."""
    job = _jobs().filter(pk=job_id).select_related("model_version").first()
    if job is None:
        return None
    if user.is_staff and user.has_perm("predictor.view_batchjob"):
        return job
    try:
        signed_for = SIGNER.unsign(signature)
    except signing.BadSignature:
        return None
    return job if job.uploaded_by_id == user.pk and signed_for == f"{job.id}:{user.pk}" else None


def jobs_of(*, user, limit: int = 20) -> list[tuple[BatchJob, str]]:
    """The user's latest jobs, newest first, each with its link's signature."""
    jobs = _jobs().filter(uploaded_by=user).select_related("model_version")[:limit]
    return [(job, job_signature(job)) for job in jobs]


def outcomes_recorded(job: BatchJob) -> int:
    """How many outcomes the job's file stated were recorded; the job's own predictions are
    searched (an indexed column), then those recorded by it, not later by staff or a key."""
    return Outcome.objects.filter(prediction__batch_job=job, recorded_by=job.outcomes_by).count()


def over_threshold(job: BatchJob) -> int | None:
    """How many of the job's scored rows the model put over 50K; None once some of its
    predictions have been pruned, as the count would then fall short."""
    counts = Prediction.objects.filter(batch_job=job).aggregate(
        stored=Count("pk"), over=Count("pk", filter=Q(label=True))
    )
    return counts["over"] if counts["stored"] == job.rows_scored else None


def _shown(width: int) -> list[int]:
    """The columns a preview shows: the model's answer first (the file's own come first in the
    file, and a wide file would push the answer out of sight), then as many of the file's as fit."""
    added = len(mlcore.ADDED)
    own = min(width - added, PREVIEW_COLUMNS - added)
    return [*range(width - added, width), *range(own)]


def result_preview(job: BatchJob) -> Preview | None:
    """The header and first PREVIEW_ROWS rows of a finished job's result file, the answer's
    columns first, cells as written (so a formula keeps its leading '); None when there is no
    file to read."""
    try:
        with (job.directory / "result.csv").open(encoding="utf-8", newline="") as file:
            lines = list(islice(csv.reader(file), PREVIEW_ROWS + 1))
    except (OSError, UnicodeDecodeError, csv.Error):
        return None
    if not lines:
        return None
    header, *rows = lines
    keep = _shown(len(header))
    return Preview(
        header=[header[i] for i in keep],
        rows=[[row[i] if i < len(row) else "" for i in keep] for row in rows],
        hidden=len(header) - len(keep),
    )


def _alive_here(worker: str) -> bool | None:
    """Whether the worker process named "host:pid" is alive; None when it is on another host."""
    host, _, pid = worker.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return None
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, under another user
        return True
    # Our own pid: an earlier worker that had it (a container restarted with the same pid)
    # is dead, since this one has only just started.
    return int(pid) != os.getpid()


def orphaned_jobs() -> list[BatchJob]:
    """Running jobs whose worker is gone: on this host, those whose process is dead; on any
    host, those with no progress for BATCH_STALE_SECONDS."""
    stale = timezone.now() - timedelta(seconds=settings.BATCH_STALE_SECONDS)
    found = []
    for job in _jobs().filter(status=BatchJob.Status.RUNNING):
        alive = _alive_here(job.worker)
        if alive is False or (alive is None and (job.heartbeat_at is None or job.heartbeat_at < stale)):
            found.append(job)
    return found
