from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from predictor.batch.services import jobs_prune
from predictor.services import predictions_prune


class Command(BaseCommand):
    help = (
        "Delete predictions (and their outcomes) made before a date, in batches, then the batch "
        "jobs finished before it with their files; model versions are never touched. Without "
        "--before, deletes those older than PREDICTION_RETENTION_DAYS."
    )

    def add_arguments(self, parser):
        parser.add_argument("--before", help="a date, YYYY-MM-DD: predictions made before it are deleted")

    def handle(self, *args, **options):
        if options["before"]:
            try:
                day = datetime.strptime(options["before"], "%Y-%m-%d").date()
            except ValueError:
                raise CommandError(f"--before must be a date as YYYY-MM-DD; got {options['before']!r}") from None
            cutoff = timezone.make_aware(datetime.combine(day, time.min))
        else:
            cutoff = timezone.now() - timedelta(days=settings.PREDICTION_RETENTION_DAYS)
        deleted = predictions_prune(before=cutoff, progress=lambda n: self.stdout.write(f"  deleted {n} so far"))
        self.stdout.write(f"Deleted {deleted} prediction(s) made before {cutoff:%Y-%m-%d %H:%M %Z}.")
        # A job finished before the cut-off scored every row before it: its predictions went above.
        jobs = jobs_prune(before=cutoff)
        self.stdout.write(f"Deleted {jobs} batch job(s) finished before {cutoff:%Y-%m-%d %H:%M %Z}, with their files.")
