"""The prediction history: read-only, in plain words, one line per prediction, exportable."""

from django.contrib import admin
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.html import format_html

import mlcore

from ..models import Prediction
from . import display
from .export import export_csv
from .filters import ApiKeyFilter, ModelVersionFilter, income_filter, input_filter, inputs_matching


@admin.register(Prediction)
class PredictionAdmin(admin.ModelAdmin):
    # Few and narrow columns, so that at 1280 px, beside the admin's menu and the filters, a
    # prediction fits on one line with room for its inputs; the key and the estimate in words
    # are on its page and among the filters.
    list_display = ["number", "when", "percent", "version", "source", "inputs_summary"]
    list_filter = [
        "created_at",
        income_filter("label", "estimate"),
        ModelVersionFilter,
        "source",
        ApiKeyFilter,
        *(input_filter(name) for name, feature in mlcore.FEATURES.items() if feature.kind == mlcore.CATEGORY),
    ]
    search_fields = ["=id"]  # and the words of an answer: see get_search_results
    show_full_result_count = False  # a COUNT(*) over every row on each page is wasted work
    list_per_page = 50
    readonly_fields = [
        *("created_at", "answered_by", "percent", "estimate", "source", "key", "outcome_state"),
        *("inputs_table", "reasons_table"),
    ]
    fields = readonly_fields
    actions = [export_csv]

    class Media:
        css = {"all": ["css/admin.css"]}

    def get_queryset(self, request):
        rows = super().get_queryset(request).select_related("model_version", "api_key")
        return rows.defer("model_version__metadata")

    def get_search_results(self, request, queryset, search_term):
        found, duplicates = super().get_search_results(request, queryset, search_term)
        answers = inputs_matching(search_term)
        return (found | queryset.filter(answers) if answers else found), duplicates

    def changelist_view(self, request, extra_context=None):
        # The history stays readable when no model can answer; say so, and where to fix it.
        display.warn_when_no_model_answers(request)
        return super().changelist_view(request, extra_context)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="number", ordering="pk")
    def number(self, obj):
        return f"#{obj.pk}"

    @admin.display(description="made", ordering="created_at")
    def when(self, obj):
        return dateformat.format(timezone.localtime(obj.created_at), "j M Y H:i")

    @admin.display(description="chance", ordering="probability")
    def percent(self, obj):
        return f"{obj.probability:.1%}"

    @admin.display(description="estimate", ordering="label")
    def estimate(self, obj):
        return display.income_words(obj.label)

    @admin.display(description="model", ordering="model_version")
    def version(self, obj):
        return f"v{obj.model_version_id}"

    @admin.display(description="model version")
    def answered_by(self, obj):
        page = reverse("admin:predictor_modelversion_change", args=[obj.model_version_id])
        return format_html('<a href="{}">{}</a>', page, obj.model_version.summary)

    @admin.display(description="API key")
    def key(self, obj):
        if obj.api_key is None:
            return self.get_empty_value_display()
        page = reverse("admin:predictor_apikey_change", args=[obj.api_key_id])
        return format_html('<a href="{}">{}</a> ({})', page, obj.api_key.name, obj.api_key.prefix)

    @admin.display(description="inputs")
    def inputs_summary(self, obj):
        full = "; ".join(f"{question}: {said}" for question, said in display.inputs_labelled(obj.inputs))
        return display.one_line(display.inputs_in_words(obj.inputs), full)

    @admin.display(description="inputs")
    def inputs_table(self, obj):
        return display.small_table(display.inputs_labelled(obj.inputs))

    @admin.display(description="outcome")
    def outcome_state(self, obj):
        if not hasattr(obj, "outcome"):
            add = reverse("admin:predictor_outcome_add") + f"?prediction={obj.pk}"
            return format_html('Not recorded yet. <a href="{}">Record it</a>', add)
        known = obj.outcome
        page = reverse("admin:predictor_outcome_change", args=[obj.pk])
        recorded = dateformat.format(timezone.localtime(known.recorded_at), "j M Y, H:i")
        words = f"Income {display.income_words(known.earns_over_50k)}, recorded {recorded} by {known.recorded_by}"
        return format_html('{}. <a href="{}">Its page</a>', words, page)

    @admin.display(description="why (log-odds against the average person)")
    def reasons_table(self, obj):
        if not obj.explanation:
            return "No explanation: this model gives none."
        items = mlcore.reasons(mlcore.expand(obj.explanation, obj.inputs))
        # format_html escapes its arguments to text first, so the figure is formatted here.
        return display.small_table((r["words"], f"{r['contribution']:+.3f}") for r in items)
