"""Background tasks, run by the tasks framework's worker (`manage.py batch_worker`).

The task only names the work; services.py enqueues it and processing.py does it, so the
two never import each other.
"""

from django.tasks import task

from .processing import job_process


@task()
def score_batch(job_id: str) -> None:
    """Score one batch job from where it stopped (processing.job_process)."""
    job_process(job_id)
