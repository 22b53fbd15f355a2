"""The history's and the outcomes' list filters, each choice in plain words."""

from django.contrib import admin
from django.db.models import Q

import mlcore

from ..models import ApiKey, ModelVersion
from ..registry import active_schema
from .display import AT_MOST, OVER


def input_filter(name: str) -> type[admin.SimpleListFilter]:
    """A list filter on one category input, offering the active model's categories in words.
    A feature the active model does not use offers nothing, and Django then hides the filter."""

    class InputFilter(admin.SimpleListFilter):
        title = mlcore.feature_label(name).lower()
        parameter_name = name

        def lookups(self, request, model_admin):
            schema = active_schema()
            if schema is None or name not in schema.names:
                return []
            return mlcore.category_choices(name, schema[name].categories)

        def queryset(self, request, queryset):
            return queryset.filter(**{f"inputs__{name}": self.value()}) if self.value() else queryset

    return InputFilter


def income_filter(field: str, title: str) -> type[admin.SimpleListFilter]:
    """A filter on a yes-or-no income field, its choices said as the form says them."""

    class IncomeFilter(admin.SimpleListFilter):
        parameter_name = field

        def lookups(self, request, model_admin):
            return [("1", OVER), ("0", AT_MOST)]

        def queryset(self, request, queryset):
            if self.value() not in ("1", "0"):
                return queryset
            return queryset.filter(**{field: self.value() == "1"})

    IncomeFilter.title = title
    return IncomeFilter


class ModelVersionFilter(admin.SimpleListFilter):
    title = "model version"
    parameter_name = "model_version"

    def lookups(self, request, model_admin):
        versions = ModelVersion.objects.only("pk", "algorithm", "preset", "is_active")
        return [(v.pk, f"v{v.pk}, {v.get_algorithm_display()}{' (active)' if v.is_active else ''}") for v in versions]

    def queryset(self, request, queryset):
        value = self.value()
        if value and not (value.isdigit() and int(value) < 2**63):
            return queryset.none()  # a hand-edited URL: no such version, rather than a crash
        return queryset.filter(model_version_id=value) if value else queryset


class ApiKeyFilter(admin.SimpleListFilter):
    title = "API key"
    parameter_name = "api_key"

    def lookups(self, request, model_admin):
        keys = ApiKey.objects.only("pk", "name", "prefix")
        return [("none", "No key"), *((str(k.pk), f"{k.name} ({k.prefix})") for k in keys)]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "none":
            return queryset.filter(api_key=None)
        if value and not (value.isdigit() and int(value) < 2**63):
            return queryset.none()
        return queryset.filter(api_key_id=value) if value else queryset


def inputs_matching(words: str) -> Q | None:
    """Rows with a category answer whose words (or census code) contain `words`, among the
    active model's categories: staff search "bachelor", not "Bachelors"."""
    schema, words, found = active_schema(), words.strip().lower(), Q()
    if schema is None or not words:
        return None
    for feature in schema.features:
        for code in feature.categories:
            if words in mlcore.category_label(feature.name, code).lower() or words in code.lower():
                found |= Q(**{f"inputs__{feature.name}": code})
    return found or None
