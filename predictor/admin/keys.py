"""API keys: staff create them (the secret is shown once, on the page after saving) and
revoke them; a key is never deleted, since the predictions it made point at it."""

from django import forms
from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils import timezone

from ..models import ApiKey
from ..services import api_key_issue, api_key_revoke
from . import display


class ApiKeyForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(
        choices=ApiKey.Scope.choices, widget=forms.CheckboxSelectMultiple, initial=ApiKey.Scope.values
    )

    class Meta:
        model = ApiKey
        fields = ["name", "scopes"]


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    form = ApiKeyForm
    list_display = ["name", "prefix", "scopes_list", "created_at", "created_by", "last_used_at", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "=prefix"]
    actions = ["revoke"]

    class Media:
        css = {"all": ["css/admin.css"]}

    def get_fields(self, request, obj=None):
        return ["name", "scopes"] if obj is None else self.get_readonly_fields(request, obj)

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return ["name", "prefix", "scopes_table", "created_at", "created_by", "last_used_at", "revoked_at"]

    def has_change_permission(self, request, obj=None):
        # A key's name and scopes are fixed (revoke it and make another instead), so its page
        # is read-only, with no Save; the change permission still allows revoking.
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="scopes")
    def scopes_list(self, obj):
        return ", ".join(obj.scopes)

    @admin.display(description="scopes")
    def scopes_table(self, obj):
        # Each choice's label reads "predict: send several records ..."; the table splits it in two.
        allows = {scope: label.partition(": ")[2] for scope, label in ApiKey.Scope.choices}
        rows = [(scope, allows.get(scope, "not a scope this site knows")) for scope in obj.scopes]
        return display.small_table(rows) if rows else "None."

    def save_model(self, request, obj, form, change):
        obj.created_by = request.user.get_username()
        obj.scopes = sorted(form.cleaned_data["scopes"])
        request.new_api_key_secret = api_key_issue(key=obj)

    def response_add(self, request, obj, post_url_continue=None):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "key": obj,
            "secret": request.new_api_key_secret,
            "title": f"API key {obj.name!r} created",
        }
        response = TemplateResponse(request, "admin/predictor/apikey/created.html", context)
        response["Cache-Control"] = "no-store"  # the secret must not linger in any cache
        return response

    @admin.action(
        description="Revoke this key",
        description_plural="Revoke the selected keys",
        permissions=["change"],
        location=[admin.ActionLocation.CHANGE_LIST, admin.ActionLocation.CHANGE_FORM],
    )
    def revoke(self, request, queryset):
        live = list(queryset.filter(revoked_at=None))
        for key in live:
            api_key_revoke(key=key)
        self.message_user(request, f"Revoked {len(live)} key(s) at {timezone.now():%H:%M:%S} UTC.", messages.SUCCESS)
