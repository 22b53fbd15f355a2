"""The history's CSV export: the selected predictions, streamed row by row.

Streamed so that a selection of every row (the admin's "select all") is never held in
memory: the rows are read 2,000 at a time and each line is sent as it is written.
"""

import csv

from django.contrib import admin
from django.http import StreamingHttpResponse

import mlcore


class _Echo:
    """A file-like object whose write returns the line, for streaming csv rows."""

    def write(self, value):
        return value


@admin.action(description="Export selected predictions as CSV", permissions=["view"])
def export_csv(modeladmin, request, queryset):
    writer = csv.writer(_Echo())
    names = list(mlcore.FEATURES)  # every feature any version can use; blank where a row lacks it
    fixed = ["id", "created_at", "probability", "label", "model_version", "source", "api_key_prefix", "outcome"]

    def rows():
        yield writer.writerow(fixed + names)
        for p in queryset.select_related("outcome").order_by("pk").iterator(chunk_size=2000):
            # The key's prefix names it for people; its hash is never exported.
            prefix = p.api_key.prefix if p.api_key else ""
            outcome = p.outcome.earns_over_50k if hasattr(p, "outcome") else ""
            known = [p.pk, p.created_at.isoformat(), p.probability, p.label, p.model_version_id, p.source]
            yield writer.writerow([*known, prefix, outcome] + [p.inputs.get(name, "") for name in names])

    response = StreamingHttpResponse(rows(), content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="predictions.csv"'
    return response
