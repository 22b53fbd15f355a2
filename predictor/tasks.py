"""Background tasks, run by the tasks framework's worker (`manage.py batch_worker`)."""

from django.tasks import task


@task()
def score_batch(job_id: str) -> None:
    """Score one batch job from where it stopped (predictor.batch.job_process)."""
    from .batch import job_process  # the task is imported by batch.py, which enqueues it

    job_process(job_id)
