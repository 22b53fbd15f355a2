"""The prediction history: read-only, filtered by the active model's inputs, exportable."""

import csv

from django.contrib import admin
from django.http import StreamingHttpResponse
from django.utils.html import format_html_join

import mlcore

from ..models import ModelVersion, Prediction
from ..registry import active_schema
from .versions import warn_when_no_model_answers


class _Echo:
    """A file-like object whose write returns the line, for streaming csv rows."""

    def write(self, value):
        return value


def input_filter(name: str, title: str) -> type[admin.SimpleListFilter]:
    """A list filter on one input feature, offering the active model's categories."""

    class InputFilter(admin.SimpleListFilter):
        parameter_name = name

        def lookups(self, request, model_admin):
            schema = active_schema()
            if schema is None or name not in schema.names:
                return []
            return mlcore.category_choices(name, schema[name].categories)

        def queryset(self, request, queryset):
            return queryset.filter(**{f"inputs__{name}": self.value()}) if self.value() else queryset

    InputFilter.title = title
    return InputFilter


class ModelVersionFilter(admin.SimpleListFilter):
    title = "model version"
    parameter_name = "model_version"

    def lookups(self, request, model_admin):
        return [(v.pk, str(v)) for v in ModelVersion.objects.only("pk", "algorithm", "preset", "is_active")]

    def queryset(self, request, queryset):
        value = self.value()
        if value and not (value.isdigit() and int(value) < 2**63):
            return queryset.none()  # a hand-edited URL: no such version, rather than a crash
        return queryset.filter(model_version_id=value) if value else queryset


@admin.register(Prediction)
class PredictionAdmin(admin.ModelAdmin):
    list_display = ["created_at", "percent", "label", "model_version", "source", "api_key", "inputs_summary"]
    list_filter = [
        "created_at",
        "label",
        ModelVersionFilter,
        "source",
        input_filter("sex", "sex"),
        input_filter("marital_status", "marital status"),
        input_filter("education", "education"),
    ]
    search_fields = ["=id", "inputs__workclass", "inputs__education", "inputs__marital_status"]
    show_full_result_count = False  # a COUNT(*) over every row on each page is wasted work
    list_per_page = 50
    readonly_fields = [
        *("created_at", "model_version", "percent", "label", "source", "api_key", "inputs_table", "reasons_table")
    ]
    fields = readonly_fields
    actions = ["export_csv"]

    def get_queryset(self, request):
        rows = super().get_queryset(request).select_related("model_version", "api_key")
        return rows.defer("model_version__metadata")

    def changelist_view(self, request, extra_context=None):
        # The history stays readable when no model can answer; say so, and where to fix it.
        warn_when_no_model_answers(request)
        return super().changelist_view(request, extra_context)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="probability", ordering="probability")
    def percent(self, obj):
        return f"{obj.probability:.1%}"

    @admin.display(description="inputs")
    def inputs_summary(self, obj):
        return ", ".join(f"{k}: {v}" for k, v in mlcore.in_schema_order(obj.inputs).items())

    @admin.display(description="inputs")
    def inputs_table(self, obj):
        rows = format_html_join("", "<tr><th>{}</th><td>{}</td></tr>", mlcore.in_schema_order(obj.inputs).items())
        return format_html_join("", "<table>{}</table>", [(rows,)])

    @admin.display(description="why (log-odds against the average person)")
    def reasons_table(self, obj):
        if not obj.explanation:
            return "No explanation: this model gives none."
        items = mlcore.reasons(mlcore.expand(obj.explanation, obj.inputs))
        # format_html escapes its arguments to text first, so the figure is formatted here.
        figures = ((r["words"], f"{r['contribution']:+.3f}") for r in items)
        rows = format_html_join("", "<tr><td>{}</td><td>{}</td></tr>", figures)
        return format_html_join("", "<table>{}</table>", [(rows,)])

    @admin.action(description="Export selected predictions as CSV")
    def export_csv(self, request, queryset):
        writer = csv.writer(_Echo())
        names = list(mlcore.FEATURES)  # every feature any version can use; blank where a row lacks it
        header = ["id", "created_at", "probability", "label", "model_version", "source", *names]

        def rows():
            yield writer.writerow(header)
            for p in queryset.order_by("pk").iterator(chunk_size=2000):
                fixed = [p.pk, p.created_at.isoformat(), p.probability, p.label, p.model_version_id, p.source]
                yield writer.writerow(fixed + [p.inputs.get(name, "") for name in names])

        response = StreamingHttpResponse(rows(), content_type="text/csv")
        response["Content-Disposition"] = 'attachment; filename="predictions.csv"'
        return response
