"""Outcomes: staff record what truly happened to predicted people, one by one (after a page
that asks them to confirm) or from a CSV file, and correct one found wrong. The API and
uploads never change a recorded outcome; a correction is a staff decision, logged."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.http import urlencode

import mlcore

from ..models import Outcome
from ..services import MAX_ID, MAX_OUTCOMES, OutcomeConflict, outcome_correct, outcome_record, outcomes_record
from . import display
from .filters import income_filter
from .outcome_forms import OutcomeForm, OutcomeUploadForm

# The form's values and the button of Django's that was pressed, carried through the confirmation.
RESENT = ("prediction", "earns_over_50k", "_save", "_continue", "_addanother")


@admin.register(Outcome)
class OutcomeAdmin(admin.ModelAdmin):
    form = OutcomeForm
    list_display = ["prediction", "income", "recorded_at", "recorded_by"]
    list_filter = [income_filter("earns_over_50k", "outcome"), "recorded_at"]
    search_fields = ["=prediction__id", "recorded_by"]
    raw_id_fields = ["prediction"]  # a select of every prediction would load them all
    list_select_related = ["prediction"]

    class Media:
        css = {"all": ["css/admin.css"]}

    def get_urls(self):
        upload = path("upload/", self.admin_site.admin_view(self.upload_view), name="predictor_outcome_upload")
        return [upload, *super().get_urls()]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["prediction", "earns_over_50k"]
        answer = "earns_over_50k" if self.has_change_permission(request, obj) else "income"
        return ["prediction", answer, "recorded_at", "recorded_by"]

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else ["prediction", "income", "recorded_at", "recorded_by"]

    def has_delete_permission(self, request, obj=None):
        return False

    def get_object(self, request, object_id, from_field=None):
        # The key is the prediction's id, which the integer range check of Django's own
        # lookups does not cover: a number past 64 bits reached SQLite's driver, which
        # refused it with a 500. It names no outcome, as any such id of the other pages.
        if from_field is None and not (object_id.isdigit() and int(object_id) <= MAX_ID):
            return None
        return super().get_object(request, object_id, from_field)

    @admin.display(description="outcome", ordering="earns_over_50k")
    def income(self, obj):
        return f"Income {display.income_words(obj.earns_over_50k)}"

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST" and "_confirmed" not in request.POST:
            asking = self.confirmation(request, object_id)
            if asking is not None:
                return asking
        return super().changeform_view(request, object_id, form_url, extra_context)

    def confirmation(self, request, object_id):
        """The page that asks "Record income over $50K as the outcome of prediction #12?" once
        the form is valid; None lets Django's view answer (errors, a refusal, no such outcome)."""
        outcome = self.get_object(request, object_id) if object_id else None
        allowed = self.has_change_permission(request, outcome) if outcome else self.has_add_permission(request)
        if not allowed or (object_id and outcome is None):
            return None
        earlier = display.income_words(outcome.earns_over_50k) if outcome else ""  # before the form sets it
        form = self.get_form(request, outcome, change=outcome is not None)(request.POST, instance=outcome)
        if not form.is_valid():
            return None
        prediction = outcome.prediction if outcome else form.cleaned_data["prediction"]
        if outcome:
            back = reverse("admin:predictor_outcome_change", args=[outcome.pk])
        else:
            chosen = {"prediction": prediction.pk, "earns_over_50k": form.data["earns_over_50k"]}
            back = f"{reverse('admin:predictor_outcome_add')}?{urlencode(chosen)}"
        # Whoever may record outcomes sees the person only if they may read the history too.
        may_read = request.user.has_perm("predictor.view_prediction")
        context = {
            **self.admin_site.each_context(request),
            **{"opts": self.opts, "title": "Confirm the outcome", "outcome": outcome, "prediction": prediction},
            **{"earlier": earlier, "said": display.income_words(form.cleaned_data["earns_over_50k"]), "back": back},
            **{"chance": f"{prediction.probability:.1%}", "predicted": display.income_words(prediction.label)},
            "person": display.inputs_labelled(prediction.inputs) if may_read else [],
            "resend": [(name, request.POST[name]) for name in RESENT if name in request.POST],
        }
        return TemplateResponse(request, "admin/predictor/outcome/confirm.html", context)

    def save_model(self, request, obj, form, change):
        by = f"staff {request.user.get_username()}"
        if change:  # Django checked the change permission for this outcome before saving
            outcome_correct(outcome=obj, earns_over_50k=form.cleaned_data["earns_over_50k"], by=by)
            return
        # Through the service, as the API records one; the form already refused a second.
        try:
            outcome, _ = outcome_record(prediction=obj.prediction, earns_over_50k=obj.earns_over_50k, by=by)
        except OutcomeConflict as error:  # recorded by someone else since the form was checked
            self.message_user(request, str(error), level=messages.ERROR)
            return
        obj.pk, obj.recorded_at, obj.recorded_by = outcome.pk, outcome.recorded_at, outcome.recorded_by

    def construct_change_message(self, request, form, formsets, add=False):
        if add:
            return super().construct_change_message(request, form, formsets, add)
        was, now = form.initial["earns_over_50k"], form.cleaned_data["earns_over_50k"]
        return f"Corrected the outcome from income {display.income_words(was)} to income {display.income_words(now)}."

    def upload_view(self, request):
        """A CSV of outcomes, all or nothing through outcomes_record, as the API records them."""
        if not self.has_add_permission(request):  # checked here: the changelist only hides the link
            raise PermissionDenied
        form = OutcomeUploadForm(request.POST or None, request.FILES or None)
        found = form.cleaned_data["file"] if form.is_valid() else None
        problems = found.problems if found else []
        if found and not problems:
            try:
                recorded, unchanged = outcomes_record(
                    items=found.items, by=f"staff {request.user.get_username()}", api_key=None
                )
            except mlcore.RecordError as error:
                problems = [{**e, "row": found.rows[e["index"]]} for e in error.errors]
            except OutcomeConflict as error:  # another upload or key recorded one at the same moment
                form.add_error(None, str(error))
            else:
                self.message_user(request, f"Recorded {recorded}, unchanged {unchanged}.", messages.SUCCESS)
                return redirect("admin:predictor_outcome_changelist")
        context = {**self.admin_site.each_context(request), "opts": self.opts, "title": "Upload outcomes"}
        context.update(form=form, problems=problems, limit=f"{MAX_OUTCOMES:,}")
        return TemplateResponse(request, "admin/predictor/outcome/upload.html", context)
