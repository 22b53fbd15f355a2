"""/batch/: upload a CSV of people, watch it being scored, download the result.

Signed-in users with the batch permission (staff have it) may upload; a job's page and
files are its uploader's, reached through links signed for them, or any staff member's
who may view jobs. Everyone else gets a 404, as for a job that does not exist.
"""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe
from django_htmx.http import HttpResponseClientRedirect

from mlcore import batchfile

from . import batch
from .jobs import BatchJob
from .registry import ModelUnavailable

SIGNER = signing.Signer(salt="batch-files")
FILES = {"result": "scored", "errors": "errors"}


class UploadForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text=f"Up to {batchfile.MAX_ROWS:,} rows and {batchfile.MAX_BYTES // 1024**2} MB, UTF-8.",
        error_messages={"required": "CSV file: choose a file to upload.", "empty": "CSV file: The file is empty."},
        widget=forms.ClearableFileInput(
            attrs={"accept": ".csv,text/csv", "aria-describedby": "id_file_helptext id_file_error"}
        ),
    )


def may_upload(user) -> bool:
    return user.is_active and (user.is_staff or user.has_perm("predictor.run_batch"))


def _job_for(request, job_id) -> BatchJob:
    """The job, if this user may see it: its uploader holding the signed link, or staff."""
    job = BatchJob.objects.filter(pk=job_id).select_related("model_version").first()
    if job is None:
        raise Http404("No such batch job.")
    if request.user.is_staff and request.user.has_perm("predictor.view_batchjob"):
        return job
    try:
        signed_for = SIGNER.unsign(request.GET.get("s", ""))
    except signing.BadSignature:
        signed_for = None
    if job.uploaded_by_id != request.user.pk or signed_for != f"{job.id}:{request.user.pk}":
        raise Http404("No such batch job.")
    return job


def _signed(job) -> str:
    return SIGNER.sign(f"{job.id}:{job.uploaded_by_id}")


def _progress(job) -> dict:
    now = timezone.now()
    elapsed = (now - job.started_at).total_seconds() if job.started_at else 0
    rate = job.rows_done / elapsed if elapsed > 0 and job.rows_done else None
    left = (job.rows_total - job.rows_done) / rate if rate else None
    waiting = job.status == BatchJob.Status.QUEUED and (now - job.created_at).total_seconds() > 10
    return {"job": job, "rate": rate, "left": left, "waiting": waiting, "s": _signed(job)}


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def upload(request):
    if not may_upload(request.user):
        raise PermissionDenied("Scoring batch files needs the batch permission.")
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = batch.job_create(user=request.user, upload=form.cleaned_data["file"])
        except (batch.BatchFileError, ModelUnavailable) as error:
            form.add_error("file", f"CSV file: {error}")
        else:
            url = f"{reverse('predictor:batch-job', args=[job.id])}?s={_signed(job)}"
            return HttpResponseClientRedirect(url) if request.htmx else redirect(url, permanent=False)
    if form.errors:  # htmx replaces the form: focus goes back to the field its error describes
        form.fields["file"].widget.attrs["autofocus"] = True
    jobs = BatchJob.objects.filter(uploaded_by=request.user).select_related("model_version")[:20]
    jobs = [(job, _signed(job)) for job in jobs]
    context = {"form": form, "jobs": jobs, "limits": batchfile, "max_megabytes": batchfile.MAX_BYTES // 1024**2}
    template = "predictor/batch_form.html" if request.htmx else "predictor/batch.html"
    status = 400 if form.errors and not request.htmx else 200
    return render(request, template, context, status=status)


@login_required
@require_safe
def job_page(request, job_id):
    job = _job_for(request, job_id)
    return render(request, "predictor/batch_job.html", _progress(job))


@login_required
@require_safe
def job_progress(request, job_id):
    return render(request, "predictor/batch_progress.html", _progress(_job_for(request, job_id)))


@login_required
@require_safe
def job_file(request, job_id, kind):
    job = _job_for(request, job_id)
    path = job.directory / f"{kind}.csv"
    if job.status != BatchJob.Status.DONE or not path.is_file():
        raise Http404("The file is not ready.")
    name = f"{job.file_name.removesuffix('.csv')}-{FILES[kind]}.csv"
    return FileResponse(path.open("rb"), as_attachment=True, filename=name, content_type="text/csv")
