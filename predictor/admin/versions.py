"""Model versions: their metrics, and activation (the same service the command uses)."""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html

import mlcore

from ..models import ModelVersion
from ..services import ShadowRefused, model_version_activate, model_version_shadow, shadow_clear, shadow_promote
from . import display


@admin.register(ModelVersion)
class ModelVersionAdmin(admin.ModelAdmin):
    list_display = [
        *("number", "created_at", "algorithm", "preset", "roc_auc", "accuracy"),
        *("is_active", "activated_at", "is_shadow"),
    ]
    list_filter = ["is_active", "is_shadow", "algorithm", "preset"]
    readonly_fields = [
        *("created_at", "algorithm", "preset", "metrics_table", "artifact_sha256"),
        *("is_active", "activated_at", "activated_by", "is_shadow", "shadowed_at", "shadowed_by", "features"),
    ]
    fields = readonly_fields
    actions = ["activate", "shadow", "promote", "stop_shadowing"]

    class Media:
        css = {"all": ["css/admin.css"]}

    def has_add_permission(self, request):
        return False  # versions come from `manage.py retrain`, with their metrics

    def has_change_permission(self, request, obj=None):
        # Nothing of a version is edited by hand: its page is read-only (no Save), while the
        # change permission still allows activation, which asks without an object.
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False  # predictions point at their version; history stays whole

    @admin.display(description="version", ordering="pk")
    def number(self, obj):
        return f"v{obj.pk}"

    @admin.display(description="ROC AUC")
    def roc_auc(self, obj):
        return f"{obj.metrics.get('roc_auc', 0):.4f}"

    @admin.display(description="accuracy")
    def accuracy(self, obj):
        return f"{obj.metrics.get('accuracy', 0):.4f}"

    @admin.display(description="features")
    def features(self, obj):
        return ", ".join(mlcore.feature_label(name) for name in obj.metadata.get("features", []))

    @admin.display(description="metrics on the held-out test rows")
    def metrics_table(self, obj):
        return display.metrics_table(obj.metrics)

    def changelist_view(self, request, extra_context=None):
        display.warn_when_no_model_answers(request)
        return super().changelist_view(request, extra_context)

    # Activating changes what every visitor is told, so it needs the change permission: an
    # action without `permissions` would be offered to anyone who may only view versions.
    @admin.action(
        description="Activate this version",
        description_plural="Activate the selected version (one only)",
        permissions=["change"],
        location=[admin.ActionLocation.CHANGE_LIST, admin.ActionLocation.CHANGE_FORM],
    )
    def activate(self, request, queryset):
        version = self._one(request, queryset, "activate")
        if version is None:
            return
        if version.is_active:
            self.message_user(request, f"{version} is already active; nothing changed.", messages.INFO)
            return
        try:
            version = model_version_activate(version=version, by=request.user.get_username())
        except mlcore.ArtifactError as error:
            self.message_user(request, f"Not activated: {error}", messages.ERROR)
            return
        self.message_user(request, f"Activated {version}. New predictions use it from now on.", messages.SUCCESS)

    def _one(self, request, queryset, verb: str):
        if queryset.count() != 1:
            self.message_user(request, f"Select exactly one version to {verb}.", messages.ERROR)
            return None
        return queryset.get()

    @admin.action(
        description="Shadow this version: score every prediction beside the active one, unseen",
        permissions=["change"],
        location=[admin.ActionLocation.CHANGE_LIST, admin.ActionLocation.CHANGE_FORM],
    )
    def shadow(self, request, queryset):
        version = self._one(request, queryset, "shadow")
        if version is None:
            return
        try:
            model_version_shadow(version=version, by=request.user.get_username())
        except (ShadowRefused, mlcore.ArtifactError) as error:
            self.message_user(request, f"Not shadowed: {error}", messages.ERROR)
            return
        dashboard = reverse("monitoring-dashboard")
        message = format_html(
            'Model {} now shadows every prediction: compare on <a href="{}">the dashboard</a>.', version, dashboard
        )
        self.message_user(request, message, messages.SUCCESS)

    @admin.action(
        description="Promote the shadow to active, if its live figures allow",
        permissions=["change"],
        location=[admin.ActionLocation.CHANGE_LIST, admin.ActionLocation.CHANGE_FORM],
    )
    def promote(self, request, queryset):
        version = self._one(request, queryset, "promote")
        if version is None:
            return
        if not version.is_shadow:
            self.message_user(request, f"Not promoted: {version} is not the shadow.", messages.ERROR)
            return
        try:
            version = shadow_promote(by=request.user.get_username())
        except (ShadowRefused, mlcore.ArtifactError) as error:
            forcing = (
                " (`manage.py promote_shadow --force` promotes it anyway)" if getattr(error, "forceable", False) else ""
            )
            self.message_user(request, f"{error}{forcing}", messages.ERROR)
            return
        figures = version.promotion
        said = f"compared on {figures['compared']:,} predictions, {figures['outcomes']:,} with outcomes"
        self.message_user(request, f"Promoted {version} to active ({said}).", messages.SUCCESS)

    @admin.action(description="Stop shadowing (the scores so far are kept)", permissions=["change"])
    def stop_shadowing(self, request, queryset):
        cleared = shadow_clear()
        self.message_user(request, "Shadowing stopped." if cleared else "No version was shadowing.", messages.INFO)
