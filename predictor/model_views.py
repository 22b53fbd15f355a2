"""The model card: how well a version predicts, what drives it, and for whom it errs."""

from django import forms
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

import mlcore

from . import charts
from .selectors import model_card_get, model_threshold_get, model_versions_compare

THRESHOLD_ERROR = "Threshold: enter a number from 0.01 to 0.99."


class ThresholdForm(forms.Form):
    threshold = forms.FloatField(
        label="Threshold",
        label_suffix="",  # as on the prediction form
        min_value=0.01,
        max_value=0.99,
        help_text="A person counts as predicted to earn over $50K when their probability is at least this "
        "(from 0.01 to 0.99).",
        # One message for every way to get it wrong, naming the field and the range.
        error_messages=dict.fromkeys(("required", "invalid", "min_value", "max_value"), THRESHOLD_ERROR),
        widget=forms.NumberInput(
            # Point at the error slot even while it is empty, so an error htmx fills in is announced.
            attrs={"step": "0.01", "aria-describedby": "id_threshold_helptext id_threshold_error"}
        ),
    )


def _label(name: str) -> str:
    feature = mlcore.FEATURES.get(name)
    return feature.label if feature else name


def _missing_rows(card: dict) -> list[tuple[str, int, int]]:
    """(input's label, missing in training, missing in test), in the schema's order."""
    missing = card["training"]["missing"]
    train, test = missing.get("train", {}), missing.get("test", {})
    names = [name for name in mlcore.FEATURES if name in train or name in test]
    return [(_label(name), train.get(name, 0), test.get(name, 0)) for name in names]


@vary_on_headers("HX-Request")  # one URL, two answers: the page, or the threshold panel alone
@require_safe
def model_card(request, id: int | None = None):
    """The card of the active version, or of version `id`. The threshold control asks this
    same view: htmx swaps in the recomputed panel, and without JavaScript the GET redraws
    the page with it."""
    version = model_card_get(id=id)
    if version is None and id is not None:
        raise Http404(f"There is no model version {id}.")
    card = version.card if version else {}
    default = card.get("metrics", {}).get("threshold", 0.5)
    form = ThresholdForm(request.GET if "threshold" in request.GET else None, initial={"threshold": default})
    result = card.get("confusion")
    if version is not None and form.is_bound:
        valid = form.is_valid()
        result = model_threshold_get(version=version, threshold=form.cleaned_data["threshold"]) if valid else None
    # A history restore after a cache miss wants the whole page, though htmx asks for it.
    partial = request.htmx and not request.htmx.history_restore_request
    context = {"version": version, "card": card, "form": form, "result": result}
    if not partial:
        if card:
            inputs = [_label(name) for name in card["training"]["features"]]
            context.update(charts=charts.card_charts(card), missing=_missing_rows(card), inputs=inputs)
        context["versions"] = model_versions_compare()
    template = "predictor/model.html#threshold" if partial else "predictor/model.html"
    return render(request, template, context)
