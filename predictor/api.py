"""The JSON REST API, mounted at /api/v1/: predict and store, read back, describe the model.

No endpoint authenticates with cookies, so there is no session for a cross-site request to
ride on and CSRF does not apply; `auth=None` says so explicitly (ninja only checks CSRF
for cookie-based auth). Requests must also be `application/json`, which an HTML form on
another site cannot send without the browser asking this server first (CORS preflight).
"""

from functools import wraps

from django.http import Http404
from django.urls import re_path
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI, Status, Swagger
from ninja.errors import HttpError, ValidationError

import mlcore

from . import services
from .api_body import read_json, records_of
from .api_schemas import PREDICTION_BODY, BatchOut, ErrorOut, ModelOut, PredictionOut, StoredPredictionOut
from .models import Prediction
from .registry import NoActiveModel, active_predictor


class JsonRefusalsAPI(NinjaAPI):
    """Answers 404 and 405 anywhere under the API in ErrorOut's JSON, not Django's HTML.

    Ninja answers a wrong method itself with a plain-text 405, and paths no route matches
    never reach ninja at all, so each view is wrapped and a catch-all route comes last.
    """

    @property
    def urls(self):
        patterns, app_name, namespace = super().urls
        for pattern in patterns:
            pattern.callback = _json_refusals(pattern.callback)
        return [*patterns, re_path(r"", _json_refusals(_no_route))], app_name, namespace


def _no_route(request):
    raise Http404


def _json_refusals(view):
    # Exempt like ninja's own views: nothing here trusts a cookie, and a POST to the docs or an
    # unknown path should get its JSON answer, not the CSRF middleware's HTML 403.
    @csrf_exempt
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            response = view(request, *args, **kwargs)
        except Http404 as error:  # ninja's root view raises it outside ninja's handlers
            return not_found(request, error)
        if response.status_code != 405:
            return response
        allowed = response["Allow"]
        refusal = _error(request, 405, f"{request.method} is not allowed here; allowed: {allowed}")
        refusal["Allow"] = allowed
        return refusal

    return wrapper


api = JsonRefusalsAPI(
    title="censussite API",
    version="1",
    description="Probability that a person in the 1994 US census earns over $50K a year. "
    "Every prediction is stored. No authentication, no cookies.",
    urls_namespace="api-v1",
    # With "ninja" in INSTALLED_APPS, Swagger UI comes from ninja's own static files, never
    # its CDN (the machines are offline); validatorUrl None stops a badge fetch from swagger.io.
    docs=Swagger(settings={"validatorUrl": None}),
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


@api.exception_handler(mlcore.ArtifactError)
def unloadable_model(request, error):
    # Only the operator can fix this, and the reason (checksum, scikit-learn version) says how.
    return _error(
        request,
        503,
        f"the active model cannot be loaded ({error}); retrain, or activate another version "
        "with `python manage.py activate_model ID`",
    )


@api.exception_handler(Http404)
def not_found(request, error):
    return _error(request, 404, f"nothing at {request.path}; the API is described at /api/v1/docs")


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
