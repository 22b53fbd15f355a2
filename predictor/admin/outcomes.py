"""Outcomes: staff record what truly happened to a predicted person; once recorded, an
outcome is kept as it is (the same rule the API follows), so live accuracy stays honest."""

from django import forms
from django.contrib import admin, messages

from ..models import Outcome
from ..services import OutcomeConflict, outcome_record


class OutcomeForm(forms.ModelForm):
    class Meta:
        model = Outcome
        fields = ["prediction", "earns_over_50k"]

    def clean(self):
        cleaned = super().clean()
        prediction = cleaned.get("prediction")
        if prediction is not None and Outcome.objects.filter(prediction=prediction).exists():
            raise forms.ValidationError(f"Prediction {prediction.pk} already has an outcome; it cannot be changed.")
        return cleaned


@admin.register(Outcome)
class OutcomeAdmin(admin.ModelAdmin):
    form = OutcomeForm
    list_display = ["prediction", "earns_over_50k", "recorded_at", "recorded_by"]
    list_filter = ["earns_over_50k", "recorded_at"]
    search_fields = ["=prediction__id", "recorded_by"]
    raw_id_fields = ["prediction"]  # a select of every prediction would load them all

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        # Through the service, as the API records one; the form already refused a second.
        try:
            outcome, _ = outcome_record(
                prediction=obj.prediction, earns_over_50k=obj.earns_over_50k, by=f"staff {request.user.get_username()}"
            )
        except OutcomeConflict as error:  # recorded by someone else since the form was checked
            self.message_user(request, str(error), level=messages.ERROR)
            return
        obj.pk, obj.recorded_at, obj.recorded_by = outcome.pk, outcome.recorded_at, outcome.recorded_by
