"""The JSON REST API, mounted at /api/v1/: predict and store, read back, describe the model.

Programs authenticate with an API key in the Authorization header, never a cookie, so a
page on another site has no credential of a visitor's to borrow and CSRF does not apply
(ninja checks CSRF only for cookie auth). Requests must also be `application/json`, which
an HTML form on another site cannot send without the browser asking this server first.
"""

from ninja import Swagger

from . import model, monitoring, predictions
from .auth import PerAddressThrottle, PerKeyThrottle
from .errors import JsonRefusalsAPI, install_handlers

api = JsonRefusalsAPI(
    title="censussite API",
    version="1",
    description="Probability that a person in the 1994 US census earns over $50K a year. Every "
    "prediction is stored. Single records need no key; batches and reading predictions back "
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
api.add_router("/model", model.router)
api.add_router("/monitoring", monitoring.router)
