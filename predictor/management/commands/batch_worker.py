"""Run the background worker for batch files, after taking over jobs left by a dead one.

The tasks framework's database worker (django-tasks-db's `db_worker`) runs what is queued,
but a job whose worker was killed stays "running" in its table: nothing else runs it again.
So before working, this command looks for such jobs: on this host, those whose process is
gone; on any host, those with no progress for BATCH_STALE_SECONDS. Each is queued again and
resumes from its last committed chunk.
"""

import os
import socket
from datetime import timedelta

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from predictor.jobs import BatchJob
from predictor.tasks import score_batch


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
    stale = timezone.now() - timedelta(seconds=settings.BATCH_STALE_SECONDS)
    found = []
    for job in BatchJob.objects.filter(status=BatchJob.Status.RUNNING):
        alive = _alive_here(job.worker)
        if alive is False or (alive is None and (job.heartbeat_at is None or job.heartbeat_at < stale)):
            found.append(job)
    return found


def requeue(job: BatchJob) -> None:
    """Queue the job again; its old run, left "running" by the dead worker, is marked failed."""
    old = DBTaskResult.objects.filter(id=job.task_id, status="RUNNING").first() if job.task_id else None
    if old is not None:
        old.set_failed(RuntimeError(f"worker {job.worker} stopped; job queued again"))
    job.task_id = str(score_batch.enqueue(str(job.id)).id)
    job.status, job.worker = BatchJob.Status.QUEUED, ""
    job.save(update_fields=["task_id", "status", "worker"])


class Command(BaseCommand):
    help = "Score uploaded batch files in the background (django-tasks-db's worker), resuming orphaned jobs first."

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="Run what is queued, then exit.")

    def handle(self, *args, **options):
        for job in orphaned_jobs():
            requeue(job)
            self.stdout.write(f"Resuming batch job {job.id} ({job.file_name}) from row {job.rows_done + 1:,}")
        worker_options = {"interval": 0.5, "reload": False, "startup_delay": False, "batch": options["batch"]}
        call_command("db_worker", verbosity=options["verbosity"], **worker_options)
