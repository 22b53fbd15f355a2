"""The pages: the form with its result panel, and a result's own link (the model card is
model_views.py's; the answer to a failure is censussite/faults.py's)."""

import math

from django.core import signing
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe
from django_htmx.http import HttpResponseClientRefresh

import mlcore

from .forms import PredictionForm
from .limits import FormThrottle
from .panel import page_parts, panel_html
from .presenters import explanation_context
from .registry import ModelUnavailable, active_model
from .selectors import prediction_for_result, prediction_preview
from .services import prediction_create

# A result link names its row through a signature only this site can make, so ids cannot be
# walked; it expires, since the page shows what someone typed about a person.
RESULT_SALT = "predictor.result"
RESULT_MAX_AGE = 24 * 60 * 60


def _unavailable(request, message: str):
    status = 503 if request.method == "POST" and not request.htmx else 200
    template = "predictor/no_model.html" + ("#result-panel" if request.htmx else "")
    return render(request, template, {"message": message}, status=status)


def _page_is_stale(request, schema) -> bool:
    """An htmx form always posts every field it shows; other names mean the active model
    changed since the page was drawn, so its fields no longer match."""
    posted = set(request.POST) - {"csrfmiddlewaretoken"}
    return bool(request.htmx) and posted != set(schema.names)


def _too_many(request, schema, version, wait: float):
    """Past FORM_RATE: the panel (or, without JavaScript, the page) says when to try again,
    the form keeps what was typed without judging it, and nothing is stored."""
    seconds = max(1, math.ceil(wait))
    form = PredictionForm(initial=request.POST.dict(), schema=schema)
    context = {"form": form, "prediction": None, "version": version, "retry_after": seconds}
    response = _panel(context) if request.htmx else _page(request, context)
    response.status_code = 429
    response["Retry-After"] = str(seconds)
    return response


def _see_result(prediction_id: int) -> HttpResponseRedirect:
    """Post/Redirect/Get: a reload of the page it leads to stores nothing."""
    token = signing.dumps(prediction_id, salt=RESULT_SALT)
    response = HttpResponseRedirect(reverse("predictor:result", args=[token]))
    response.status_code = 303  # "see other": the browser follows with a GET
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def index(request):
    """The page: the form, and a result panel that htmx fills in place as fields change.
    On arrival the panel already answers for the person the form starts with."""
    try:
        model = active_model()
    except ModelUnavailable as error:
        return _unavailable(request, str(error))
    schema = model.predictor.schema
    limit = FormThrottle()  # every POST counts, valid or not, so a flood of either is held back
    if request.method == "POST" and not limit.allow_request(request):
        return _too_many(request, schema, model.version, limit.wait())
    if request.method == "POST" and _page_is_stale(request, schema):
        return HttpResponseClientRefresh()
    form = PredictionForm(request.POST if request.method == "POST" else None, schema=schema)
    prediction = None
    if form.is_valid():  # the form is built from this model's schema, so the model accepts it
        prediction = prediction_create(inputs=form.cleaned_data, source="web", model=model)
        if not request.htmx:
            return _see_result(prediction.id)
    elif not form.is_bound:  # arriving: the form's starting person answered, nothing stored
        prediction = prediction_preview(model=model)
    context = {"form": form, "prediction": prediction, "version": model.version}
    if prediction is not None:
        explained = (prediction.explanation, prediction.inputs, model.predictor)
        context.update(explanation_context(*explained, label=prediction.label))
    return _panel(context) if request.htmx else _page(request, context)


def _panel(context: dict) -> HttpResponse:
    """The result panel alone, as htmx asks for it on every change of a field."""
    return HttpResponse(panel_html(context))


def _page(request, context: dict) -> HttpResponse:
    return render(request, "predictor/index.html", {**context, **page_parts(context)})


@never_cache
@require_safe
def result(request, token: str):
    """The page as it was after a form posted without JavaScript: that result, that form."""
    try:
        pk = signing.loads(token, salt=RESULT_SALT, max_age=RESULT_MAX_AGE)
    except signing.BadSignature:  # expired ones included
        pk = None
    prediction = prediction_for_result(id=pk)
    if prediction is None:
        message = "This result link is not valid or has expired. Fill in the form again."
        return render(request, "predictor/link_expired.html", {"message": message}, status=404)
    try:
        model = active_model()
    except ModelUnavailable as error:
        return _unavailable(request, str(error))
    form = PredictionForm(initial=prediction.inputs, schema=model.predictor.schema)
    context = {"form": form, "prediction": prediction, "version": prediction.model_version}
    # Suggestions come from the weights of the model that answered, if it is still the one loaded.
    same_model = model.version.pk == prediction.model_version_id
    explanation = prediction.explanation and mlcore.expand(prediction.explanation, prediction.inputs)
    predictor = model.predictor if same_model else None
    context.update(explanation_context(explanation, prediction.inputs, predictor, label=prediction.label))
    return _page(request, context)
