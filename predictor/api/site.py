"""The JSON API, mounted at /api/v1/: its plumbing and one router per resource."""

from django.conf import settings
from django.db import DatabaseError
from ninja import Swagger

from predictor.monitoring import api as monitoring

from ..registry import active_schema
from . import document, model, outcomes, predictions
from .auth import PerAddressThrottle, PerKeyThrottle
from .errors import JsonRefusalsAPI, install_handlers
from .schemas import MAX_INSTANCES


class CensusAPI(JsonRefusalsAPI):
    """The API, its OpenAPI document finished for the active model (document.py)."""

    def get_openapi_schema(self, **kwargs):
        schema = super().get_openapi_schema(**kwargs)
        try:
            active = active_schema()
        except (DatabaseError, RuntimeError):
            # The document still describes the API, without the model's values, while the
            # database is away (or not to be touched, as while pytest collects the tests).
            active = None
        return document.finish(schema, schema=active, limit=MAX_INSTANCES)

    def get_openapi_operation_id(self, operation) -> str:
        # The view's own name (prediction_create), which is what a generated client calls.
        return operation.view_func.__name__


api = CensusAPI(
    title=f"{settings.SITE_NAME} API",
    version="1.0.0",
    description="Probability that a person in the 1994 US census earns over $50K a year. Every "
    "prediction is stored. Single records need no key; several records (`instances`), reading "
    "predictions back and recording outcomes need an API key (`Authorization: Bearer <key>`). "
    "Calls are rate-limited (429 with Retry-After).",
    urls_namespace="api-v1",
    # With "ninja" in INSTALLED_APPS, Swagger UI comes from ninja's own static files, never
    # its CDN (the machines are offline); validatorUrl None stops a badge fetch from swagger.io.
    docs=Swagger(settings={"validatorUrl": None}),
    auth=None,
    throttle=[PerAddressThrottle(), PerKeyThrottle()],
)
install_handlers(api)
api.add_router("/predictions", predictions.router)
api.add_router("/outcomes", outcomes.router)
api.add_router("/model", model.router)
api.add_router("/monitoring", monitoring.router)
