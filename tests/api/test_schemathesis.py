"""Property-based: generated requests, valid and invalid, against the app in-process.

Every answer must be documented in /api/v1/openapi.json (status, content type, body
schema), none may be a server error, and data the schema forbids must be refused.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api.conftest import make_key

CONFORMANCE = [
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@schemathesis.check
def only_documented_unavailable(ctx, response, case):
    """Like not_a_server_error, but the designed 503 (no active model, ErrorOut body) passes."""
    if response.status_code < 500:
        return None
    assert response.status_code == 503, f"server error {response.status_code}"
    body = response.json()
    assert set(body) == {"detail", "errors"} and body["errors"] == [], f"undocumented 503 body: {body}"
    assert "python manage.py retrain" in body["detail"], f"503 for another reason: {body['detail']}"
    return None


# Without a model, 503 is the designed answer to every prediction, valid input or not.
CHECKS = {
    "active model": [*CONFORMANCE, not_a_server_error, negative_data_rejection],
    "no model": [*CONFORMANCE, only_documented_unavailable],
}

# 413 is the right refusal for a batch over `maxItems`; schemathesis does not expect it by default.
REFUSALS = ["400", "401", "403", "404", "405", "413", "415", "422"]
CONFIG = schemathesis.Config.from_dict({"checks": {"negative_data_rejection": {"expected-statuses": REFUSALS}}})
# Loaded at collection: building the document needs no database. (The lazy
# `schemathesis.pytest.from_fixture` would be neater but 4.32.5 breaks on pytest 9.2.)
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application(), config=CONFIG)


@pytest.fixture(params=["active model", "no model"])
def model_state(request, db):
    """Run every operation with a model and without one, so the 503 answers are checked too."""
    if request.param == "active model":
        request.getfixturevalue("active_version")
    return request.param


@pytest.fixture
def key_header(db) -> dict:
    """A key with every scope, so generated calls reach the code behind the key check too."""
    return {"Authorization": f"Bearer {make_key('predict', 'read')}"}


@pytest.fixture
def keep_test_transaction():
    # The real WSGI handler closes "old" connections after each request, which would end the
    # test's transaction; Django's own test client switches that off the same way.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,  # the same cases on every run, so CI cannot flake
    database=None,
    # The fixtures are meant to be shared by every example of an operation.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_conforms_to_its_openapi(case, model_state, keep_test_transaction, key_header):
    case.call_and_validate(checks=CHECKS[model_state], headers=key_header)
