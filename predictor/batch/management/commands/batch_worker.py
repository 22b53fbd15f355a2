"""Run the background worker for batch files, after taking over jobs left by a dead one.

The tasks framework's database worker (django-tasks-db's `db_worker`) runs what is queued,
but a job whose worker was killed stays "running" in its table: nothing else runs it again.
So before working, this command looks for such jobs (selectors.orphaned_jobs) and queues
each again; it resumes from its last committed chunk.
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from predictor.batch.selectors import orphaned_jobs
from predictor.batch.services import job_requeue


class Command(BaseCommand):
    help = "Score uploaded batch files in the background (django-tasks-db's worker), resuming orphaned jobs first."

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="Run what is queued, then exit.")

    def handle(self, *args, **options):
        for job in orphaned_jobs():
            job_requeue(job=job)
            self.stdout.write(f"Resuming batch job {job.id} ({job.file_name}) from row {job.rows_done + 1:,}")
        worker_options = {"interval": 0.5, "reload": False, "startup_delay": False, "batch": options["batch"]}
        call_command("db_worker", verbosity=options["verbosity"], **worker_options)
