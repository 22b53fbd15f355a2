"""/batch/: upload a CSV of people, watch it being scored, download the result.

Signed-in users with the batch permission (staff have it) may upload; a job's page and
files are its uploader's, reached through links signed for them, or any staff member's
who may view jobs. Everyone else gets a 404, as for a job that does not exist.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe
from django_htmx.http import HttpResponseClientRedirect

import mlcore
from predictor.registry import ModelUnavailable

from .forms import UploadForm, may_upload
from .models import BatchJob
from .selectors import job_for, job_signature, jobs_of, outcomes_recorded, over_threshold, result_preview
from .services import job_create

FILES = {"result": "scored", "errors": "errors"}
# The permission's name as the admin lists it, so the refusal names what staff should look for.
RUN_BATCH = dict(BatchJob._meta.permissions)["run_batch"]


def _job(request, job_id) -> BatchJob:
    job = job_for(user=request.user, job_id=job_id, signature=request.GET.get("s", ""))
    if job is None:
        raise Http404("No such batch job.")
    return job


def _time_left(seconds: float | None) -> str | None:
    """The time left in words, "about 40 seconds" to "about 2 hours"; None when unknown or
    under a second, as "about 0 s left" tells nobody anything."""
    if seconds is None or seconds < 1:
        return None
    if seconds < 90:
        return f"about {round(seconds)} second{pluralize(round(seconds))}"
    if seconds < 90 * 60:
        return f"about {round(seconds / 60)} minutes"
    return f"about {round(seconds / 3600)} hours"


def _progress(job) -> dict:
    now = timezone.now()
    elapsed = (now - job.started_at).total_seconds() if job.started_at else 0
    rate = job.rows_done / elapsed if elapsed > 0 and job.rows_done else None
    left = (job.rows_total - job.rows_done) / rate if rate and not job.finished else None
    waiting = job.status == BatchJob.Status.QUEUED and (now - job.created_at).total_seconds() > 10
    context = {"job": job, "rate": rate and round(rate), "left": _time_left(left), "waiting": waiting}
    # Counted and read once the job has ended, when the polling has stopped: not every second.
    done = job.status == BatchJob.Status.DONE
    context["outcomes"] = outcomes_recorded(job) if job.records_outcomes and job.finished else None
    context["over"] = over_threshold(job) if done else None
    context["preview"] = result_preview(job) if done else None
    return {**context, "s": job_signature(job)}


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def upload(request):
    if not may_upload(request.user):
        raise PermissionDenied(f"Scoring files needs the permission “{RUN_BATCH}”.")
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = job_create(
                user=request.user,
                upload=form.cleaned_data["file"],
                record_outcomes=form.cleaned_data["record_outcomes"],
            )
        except (mlcore.BatchFileError, ModelUnavailable) as error:
            form.add_error("file", f"CSV file: {error}")
        else:
            url = f"{reverse('batch:job', args=[job.id])}?s={job_signature(job)}"
            return HttpResponseClientRedirect(url) if request.htmx else redirect(url, permanent=False)
    if form.errors:  # htmx replaces the form: focus goes back to the field its error describes
        form.fields["file"].widget.attrs["autofocus"] = True
    context = {
        "form": form,
        "max_rows": mlcore.BATCH_MAX_ROWS,
        "max_columns": mlcore.BATCH_MAX_COLUMNS,
        "max_megabytes": mlcore.BATCH_MAX_BYTES // 1024**2,
    }
    if not request.htmx:
        context["jobs"] = jobs_of(user=request.user)
    template = "batch/upload.html#upload-form" if request.htmx else "batch/upload.html"
    status = 400 if form.errors and not request.htmx else 200
    return render(request, template, context, status=status)


@login_required
@require_safe
def job_page(request, job_id):
    return render(request, "batch/job.html", _progress(_job(request, job_id)))


@login_required
@require_safe
def job_progress(request, job_id):
    return render(request, "batch/job.html#progress", _progress(_job(request, job_id)))


@login_required
@require_safe
def job_file(request, job_id, kind):
    job = _job(request, job_id)
    path = job.directory / f"{kind}.csv"
    if job.status != BatchJob.Status.DONE or not path.is_file():
        raise Http404("The file is not ready.")
    name = f"{job.file_name.removesuffix('.csv')}-{FILES[kind]}.csv"
    return FileResponse(path.open("rb"), as_attachment=True, filename=name, content_type="text/csv")
