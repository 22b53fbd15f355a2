"""Model versions: their metrics, and activation (the same service the command uses)."""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html

import mlcore

from ..models import ModelVersion
from ..registry import ModelUnavailable, active_model
from ..services import model_version_activate


def warn_when_no_model_answers(request) -> None:
    """On a staff page read (not after an action), say that no model answers and where to fix it."""
    if request.method != "GET":
        return
    try:
        active_model()
    except ModelUnavailable as error:
        versions = reverse("admin:predictor_modelversion_changelist")
        link = format_html('<a href="{}">Activate another model version</a> that loads.', versions)
        messages.warning(request, format_html("{} {}", error, link))


@admin.register(ModelVersion)
class ModelVersionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "created_at", "algorithm", "preset", "roc_auc", "accuracy", "is_active", "activated_at"]
    list_filter = ["is_active", "algorithm", "preset"]
    readonly_fields = [
        "created_at",
        "algorithm",
        "preset",
        "metrics",
        "artifact_sha256",
        "is_active",
        "activated_at",
        "activated_by",
        "features",
    ]
    fields = readonly_fields
    actions = ["activate"]

    def has_add_permission(self, request):
        return False  # versions come from `manage.py retrain`, with their metrics

    def has_delete_permission(self, request, obj=None):
        return False  # predictions point at their version; history stays whole

    @admin.display(description="ROC AUC")
    def roc_auc(self, obj):
        return f"{obj.metrics.get('roc_auc', 0):.4f}"

    @admin.display(description="accuracy")
    def accuracy(self, obj):
        return f"{obj.metrics.get('accuracy', 0):.4f}"

    @admin.display(description="features")
    def features(self, obj):
        return ", ".join(obj.metadata.get("features", []))

    def changelist_view(self, request, extra_context=None):
        warn_when_no_model_answers(request)
        return super().changelist_view(request, extra_context)

    # Activating changes what every visitor is told, so it needs the change permission: an
    # action without `permissions` would be offered to anyone who may only view versions.
    @admin.action(description="Activate the selected version (one only)", permissions=["change"])
    def activate(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, "Select exactly one version to activate.", messages.ERROR)
            return
        try:
            version = model_version_activate(version=queryset.get(), by=request.user.get_username())
        except mlcore.ArtifactError as error:
            self.message_user(request, f"Not activated: {error}", messages.ERROR)
            return
        self.message_user(request, f"Activated {version}. New predictions use it from now on.", messages.SUCCESS)
