"""The JSON API, mounted at /api/v1/: its plumbing and one router per resource."""

from ninja import Swagger

from predictor.monitoring import api as monitoring

from . import model, outcomes, predictions
from .auth import PerAddressThrottle, PerKeyThrottle
from .errors import JsonRefusalsAPI, install_handlers

api = JsonRefusalsAPI(
    title="censussite API",
    version="1",
    description="Probability that a person in the 1994 US census earns over $50K a year. Every "
    "prediction is stored. Single records need no key; several records (`instances`) and reading predictions back "
    "need an API key (`Authorization: Bearer <key>`). Calls are rate-limited (429 with Retry-After).",
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
