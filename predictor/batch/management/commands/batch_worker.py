"""Run the background worker for batch files, after taking over jobs left by a dead one,
and score what a shadow version has to score.

The tasks framework's database worker (django-tasks-db's `db_worker`) runs what is queued,
but a job whose worker was killed stays "running" in its table: nothing else runs it again.
So before working, this command looks for such jobs (selectors.orphaned_jobs) and queues
each again; it resumes from its last committed chunk. Beside it, a thread scores the
predictions marked for the shadow version, in bulk, every second (services.shadow_score_pending).
"""

import logging
import threading

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections

from predictor.batch.selectors import orphaned_jobs
from predictor.batch.services import job_requeue
from predictor.services import SHADOW_CHUNK, shadow_score_pending

logger = logging.getLogger(__name__)
SHADOW_INTERVAL = 1.0  # seconds between passes when nothing is pending


def score_shadow_until_none() -> int:
    """Score the pending shadow rows, pass after pass while a pass comes back full (a
    backlog); how many were scored. A pass that was not full took every row pending when it
    began: rows the site stored since wait for the next interval. Going again at once for
    them kept the worker busy scoring a handful at a time under steady traffic, each pass
    paying the model's whole per-call cost (500 trees for hgb) and a write turn, and took
    half the site's form answers a second on two cores."""
    scored = total = shadow_score_pending()
    while scored == SHADOW_CHUNK:
        scored = shadow_score_pending()
        total += scored
    return total


def shadow_loop(stop: threading.Event) -> None:
    while not stop.wait(SHADOW_INTERVAL):
        try:
            score_shadow_until_none()
        except Exception:  # the database away, say: try again on the next pass
            logger.exception("scoring for the shadow version failed; retrying")
        finally:
            close_old_connections()


class Command(BaseCommand):
    help = "Score uploaded batch files in the background (django-tasks-db's worker), resuming orphaned jobs first."

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="Run what is queued, then exit.")

    def handle(self, *args, **options):
        for job in orphaned_jobs():
            job_requeue(job=job)
            self.stdout.write(f"Resuming batch job {job.id} ({job.file_name}) from row {job.rows_done + 1:,}")
        worker_options = {"interval": 0.5, "reload": False, "startup_delay": False, "batch": options["batch"]}
        if options["batch"]:  # once, then exit: what is queued, and what the shadow has to score
            call_command("db_worker", verbosity=options["verbosity"], **worker_options)
            score_shadow_until_none()
            return
        stop = threading.Event()
        scorer = threading.Thread(target=shadow_loop, args=(stop,), name="shadow-scorer", daemon=True)
        scorer.start()
        try:
            call_command("db_worker", verbosity=options["verbosity"], **worker_options)
        finally:
            stop.set()
