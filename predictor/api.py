"""The JSON REST API, mounted at /api/v1/: predict and store, read back, describe the model.

No endpoint authenticates with cookies, so there is no session for a cross-site request to
ride on and CSRF does not apply; `auth=None` says so explicitly (ninja only checks CSRF
for cookie-based auth). Requests must also be `application/json`, which an HTML form on
another site cannot send without the browser asking this server first (CORS preflight).
"""

import json

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.shortcuts import render
from ninja import NinjaAPI, Status, Swagger
from ninja.errors import HttpError, ValidationError

import mlcore

from . import services
from .api_body import read_json, records_of
from .api_schemas import PREDICTION_BODY, BatchOut, ErrorOut, ModelOut, PredictionOut, StoredPredictionOut
from .models import Prediction
from .registry import NoActiveModel, active_predictor


class LocalSwagger(Swagger):
    """Swagger UI from the files ninja ships; never its CDN fallback, as the machines are offline.

    Needs "ninja" in INSTALLED_APPS so its template and static files are found.
    """

    def render_page(self, request, api, **kwargs):
        if not apps.is_installed("ninja"):
            raise ImproperlyConfigured('add "ninja" to INSTALLED_APPS to serve the API docs from local files')
        settings = {**self.settings, "url": self.get_openapi_url(api, kwargs), "validatorUrl": None}
        context = {"swagger_settings": json.dumps(settings), "api": api, "add_csrf": False}
        return render(request, self.template, context)


api = NinjaAPI(
    title="censussite API",
    version="1",
    description="Probability that a person in the 1994 US census earns over $50K a year. "
    "Every prediction is stored. No authentication, no cookies.",
    urls_namespace="api-v1",
    docs=LocalSwagger(),
    auth=None,
)


def _error(request, status: int, detail: str, errors: list | None = None):
    return api.create_response(request, {"detail": detail, "errors": errors or []}, status=status)


@api.exception_handler(mlcore.RecordError)
def invalid_records(request, error):
    count = len(error.errors)
    return _error(request, 422, f"{count} invalid field(s); nothing was stored", error.errors)


@api.exception_handler(HttpError)
def http_error(request, error):
    return _error(request, error.status_code, error.message)


@api.exception_handler(ValidationError)
def invalid_parameters(request, error):
    problems = [{"field": ".".join(map(str, e["loc"][1:])), "message": e["msg"]} for e in error.errors]
    return _error(request, 422, "invalid parameters", problems)


@api.exception_handler(NoActiveModel)
def no_active_model(request, error):
    return _error(request, 503, str(error))


@api.post(
    "/predictions",
    response={201: PredictionOut | BatchOut, (400, 413, 415, 422, 503): ErrorOut},
    openapi_extra={"requestBody": PREDICTION_BODY},
    summary="Predict and store one record or a batch",
)
def prediction_create(request):
    """One record answers one prediction; `{"instances": [...]}` (up to 10,000) answers them
    in the same order. A request with any invalid record stores nothing."""
    records, is_batch = records_of(read_json(request))
    try:
        rows = services.predictions_create(records=records, source=Prediction.Source.API)
    except mlcore.RecordError as error:
        if is_batch:
            raise
        raise mlcore.RecordError([{k: v for k, v in e.items() if k != "index"} for e in error.errors]) from None
    return Status(201, {"predictions": rows} if is_batch else rows[0])


@api.get("/predictions/{id}", response={200: StoredPredictionOut, (404, 422): ErrorOut}, summary="A stored prediction")
def prediction_detail(request, id: int):
    prediction = Prediction.objects.filter(pk=id).first()
    if prediction is None:
        raise HttpError(404, f"no prediction has id {id}")
    return prediction


@api.get("/model", response={200: ModelOut, 503: ErrorOut}, summary="The active model and its inputs")
def model_detail(request):
    """Which model answers, how it scored, and each input's allowed values or range."""
    version, predictor = active_predictor()
    return {
        "id": version.pk,
        "algorithm": version.algorithm,
        "preset": version.preset,
        "trained_at": version.metadata["trained_at"],
        "activated_at": version.activated_at,
        "sklearn_version": version.metadata["sklearn_version"],
        "threshold": mlcore.predict.THRESHOLD,
        "metrics": version.metrics,
        "features": [feature.as_dict() for feature in predictor.schema.features],
    }
