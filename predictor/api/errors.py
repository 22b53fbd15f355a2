"""Every refusal the API makes, in one JSON shape: {"detail": "...", "errors": [...]}."""

from functools import wraps

from django.http import Http404
from django.urls import re_path
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

import mlcore

from ..registry import ModelUnavailable


class JsonRefusalsAPI(NinjaAPI):
    """Answers 404 and 405 anywhere under the API in the error shape, not Django's HTML.

    Ninja answers a wrong method itself with a plain-text 405, and paths no route matches
    never reach ninja at all, so each view is wrapped and a catch-all route comes last.
    """

    @property
    def urls(self):
        patterns, app_name, namespace = super().urls
        for pattern in patterns:
            pattern.callback = self._json_refusals(pattern.callback)
        return [*patterns, re_path(r"", self._json_refusals(_no_route))], app_name, namespace

    def _json_refusals(self, view):
        # Exempt like ninja's own views: nothing here trusts a cookie, and a POST to the docs
        # or an unknown path should get its JSON answer, not the CSRF middleware's HTML 403.
        @csrf_exempt
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            try:
                response = view(request, *args, **kwargs)
            except Http404:  # ninja's root view raises it outside ninja's handlers
                return not_found(self, request)
            if response.status_code != 405:
                return response
            allowed = response["Allow"]
            refusal = error(self, request, 405, f"{request.method} is not allowed here; allowed: {allowed}")
            refusal["Allow"] = allowed
            return refusal

        return wrapper


def _no_route(request):
    raise Http404


def error(api: NinjaAPI, request, status: int, detail: str, errors: list | None = None):
    return api.create_response(request, {"detail": detail, "errors": errors or []}, status=status)


def not_found(api: NinjaAPI, request):
    return error(api, request, 404, f"nothing at {request.path}; the API is described at /api/v1/docs")


def install_handlers(api: NinjaAPI) -> None:
    """Turn each exception the API's code may raise into its answer."""

    def invalid_records(request, exc: mlcore.RecordError):
        # The count is of every error; the list only of those shown, so that no body, however
        # hostile, gets an answer much larger than a page.
        return error(api, request, 422, f"{len(exc.errors)} invalid field(s); nothing was stored", exc.shown())

    def http_error(request, exc: HttpError):
        response = error(api, request, exc.status_code, exc.message)
        if isinstance(exc, AuthenticationError):
            response["WWW-Authenticate"] = 'Bearer realm="censussite API"'
        return response

    def throttled(request, exc: Throttled):
        # Ninja adds Retry-After to this answer once the handler returns.
        return error(api, request, 429, "too many requests; wait the seconds in the Retry-After header and retry")

    def invalid_parameters(request, exc: ValidationError):
        problems = [{"field": ".".join(map(str, e["loc"][1:])), "message": e["msg"]} for e in exc.errors]
        return error(api, request, 422, "invalid parameters", problems)

    def model_unavailable(request, exc: ModelUnavailable):
        # Only an operator can fix this, and the message says how.
        return error(api, request, 503, str(exc))

    api.add_exception_handler(mlcore.RecordError, invalid_records)
    api.add_exception_handler(HttpError, http_error)
    api.add_exception_handler(Throttled, throttled)
    api.add_exception_handler(ValidationError, invalid_parameters)
    api.add_exception_handler(ModelUnavailable, model_unavailable)
    api.add_exception_handler(Http404, lambda request, exc: not_found(api, request))
