"""Batch jobs for staff: who uploaded what, when, how it went and with which model.

Jobs are read-only here; deleting one removes its files (the upload, the result and the
errors) with it, while its predictions stay in the history.
"""

import shutil

from django.contrib import admin
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils.html import format_html

from .models import BatchJob


@receiver(post_delete, sender=BatchJob)
def _remove_files(sender, instance, **kwargs):
    # Also for the admin's bulk delete: a queryset's delete sends this for every job.
    shutil.rmtree(instance.directory, ignore_errors=True)


@admin.register(BatchJob)
class BatchJobAdmin(admin.ModelAdmin):
    list_display = ["file_name", "uploaded_by", "created_at", "status", "rows_total", "rows_scored", "rows_failed"]
    list_filter = ["status", "created_at"]
    search_fields = ["file_name", "uploaded_by__username"]
    list_select_related = ["uploaded_by"]
    fields = [
        *("file_name", "size_bytes", "uploaded_by", "created_at", "status", "model_version", "files"),
        *("rows_total", "rows_done", "rows_scored", "rows_failed", "started_at", "finished_at", "worker", "error"),
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        # Without the layout, megabytes for a wide file: the list, a job's page and a bulk
        # delete (which loads every job it deletes) need none of it.
        return super().get_queryset(request).defer("layout")

    @admin.display(description="Files")
    def files(self, job):
        if job.status != BatchJob.Status.DONE:
            return "–"
        return format_html(
            '<a href="{}">scored rows</a> · <a href="{}">refused rows</a>',
            reverse("batch:result", args=[job.id]),
            reverse("batch:errors", args=[job.id]),
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
