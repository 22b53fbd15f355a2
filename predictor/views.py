from django.shortcuts import render
from django.views.decorators.http import require_http_methods
from django_htmx.http import HttpResponseClientRefresh

from .forms import PredictionForm
from .registry import ModelUnavailable, active_predictor
from .services import prediction_create


def _unavailable(request, message: str):
    status = 503 if request.method == "POST" and not request.htmx else 200
    template = "predictor/no_model.html" + ("#result-panel" if request.htmx else "")
    return render(request, template, {"message": message}, status=status)


def _page_is_stale(request, schema) -> bool:
    """An htmx form always posts every field it shows; other names mean the active model
    changed since the page was drawn, so its fields no longer match."""
    posted = set(request.POST) - {"csrfmiddlewaretoken"}
    return bool(request.htmx) and posted != set(schema.names)


@require_http_methods(["GET", "HEAD", "POST"])
def index(request):
    """The page: the form, and a result panel that htmx fills in place as fields change."""
    try:
        version, predictor = active_predictor()
    except ModelUnavailable as error:
        return _unavailable(request, str(error))
    if request.method == "POST" and _page_is_stale(request, predictor.schema):
        return HttpResponseClientRefresh()
    form = PredictionForm(request.POST if request.method == "POST" else None, schema=predictor.schema)
    prediction = None
    if form.is_valid():  # the form is built from this model's schema, so the model accepts it
        prediction = prediction_create(inputs=form.cleaned_data, source="web", model=(version, predictor))
    template = "predictor/index.html#result-panel" if request.htmx else "predictor/index.html"
    context = {"form": form, "prediction": prediction, "version": version}
    return render(request, template, context)
