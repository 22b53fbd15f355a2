"""The model card's page: what a version is, how it scored, and its threshold control."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

import mlcore

from .forms import ThresholdForm
from .presenters import card_context
from .selectors import model_card_get, model_threshold_get, model_versions_compare


@vary_on_headers("HX-Request")  # one URL, two answers: the page, or the threshold panel alone
@require_safe
def model_page(request, id: int | None = None):
    """The card of the active version, or of version `id`. The threshold control asks this
    same view: htmx swaps in the recomputed panel, and without JavaScript the GET redraws
    the page with it."""
    version = model_card_get(id=id)
    if version is None and id is not None:
        raise Http404(f"There is no model version {id}.")
    card = version.card if version else {}
    default = card.get("metrics", {}).get("threshold", mlcore.THRESHOLD)
    form = ThresholdForm(request.GET if "threshold" in request.GET else None, initial={"threshold": default})
    result = card.get("confusion")
    if version is not None and form.is_bound:
        valid = form.is_valid()
        result = model_threshold_get(version=version, threshold=form.cleaned_data["threshold"]) if valid else None
    # A history restore after a cache miss wants the whole page, though htmx asks for it.
    partial = request.htmx and not request.htmx.history_restore_request
    context = {"version": version, "card": card, "form": form, "result": result}
    if not partial:
        context.update(card_context(card), versions=model_versions_compare())
    template = "predictor/model.html#threshold" if partial else "predictor/model.html"
    return render(request, template, context)
