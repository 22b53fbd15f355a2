"""Secure by default: the deploy checks pass, every answer carries the protective headers,
and an unexpected failure shows a friendly page with the request id that finds it in the log."""

import logging
import os
import subprocess
import sys

import pytest
from django.db import OperationalError
from django.test import Client

from tests.browser.server import ROOT

PROTECTIVE = {
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
}


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in {"DJANGO_HTTPS", "DJANGO_DEBUG"}}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env={**environment, **env}, capture_output=True, text=True
    )


def test_the_deploy_checks_pass_with_nothing_silenced():
    env = {"DJANGO_SECRET_KEY": "k" * 20 + "an-unguessable-production-key-" + "z" * 20, "DJANGO_ALLOWED_HOSTS": "a.com"}
    result = manage("check", "--deploy", "--fail-level", "WARNING", **env)
    assert result.returncode == 0, result.stderr
    assert "no issues (0 silenced)" in result.stdout


def test_plain_http_switch_turns_off_exactly_redirect_hsts_and_secure_cookies():
    names = [
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_CONTENT_TYPE_NOSNIFF",
        "X_FRAME_OPTIONS",
    ]
    code = f"from django.conf import settings as s; print([getattr(s, n) for n in {names}])"
    on, off = (manage("shell", "-c", code, DJANGO_HTTPS=flag).stdout.strip().splitlines()[-1] for flag in ("1", "0"))
    assert on == "[True, 31536000, True, True, True, 'DENY']"
    assert off == "[False, 0, False, False, True, 'DENY']"


def test_runserver_without_debug_stops_with_one_line_saying_what_to_set():
    result = manage("runserver", "127.0.0.1:0", "--noreload")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "CommandError: runserver is for development: start it with DJANGO_DEBUG=1 (as `make run` does), "
        "or serve production with `make serve`"
    ]


@pytest.mark.parametrize(
    "path", ["/", "/api/v1/model", "/api/v1/nothing", "/no-such-page", "/healthz", "/readyz", "/api/v1/docs"]
)
def test_every_answer_carries_the_protective_headers(client, active_version, path):
    response = client.get(path)
    for header, value in PROTECTIVE.items():
        assert response[header] == value, (path, header)
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert len(response["X-Request-ID"]) == 32


@pytest.fixture
def database_down(monkeypatch):
    def fail(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr("predictor.views.active_model", fail)
    monkeypatch.setattr("predictor.selectors.active_model", fail)


def test_a_500_page_is_friendly_and_names_the_request_id_in_the_log(database_down, db, caplog):
    browser = Client(raise_request_exception=False)
    with caplog.at_level(logging.ERROR):
        response = browser.get("/")
    request_id = response["X-Request-ID"]
    html = response.content.decode()
    assert response.status_code == 500 and "Something went wrong" in html and request_id in html
    assert "OperationalError" not in html and "connection refused" not in html
    logged = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert logged and all(r.request_id == request_id for r in logged) and logged[0].exc_info
    for header, value in PROTECTIVE.items():
        assert response[header] == value


def test_an_api_500_answers_in_the_error_shape_with_the_request_id(database_down, db):
    response = Client(raise_request_exception=False).get("/api/v1/model")
    assert response.status_code == 500 and response["Content-Type"] == "application/json"
    body = response.json()
    assert body["errors"] == [] and response["X-Request-ID"] in body["detail"]


def test_the_https_redirect_carries_the_protective_headers_too(db, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = Client().get("/api/v1/model")
    assert response.status_code == 301 and response["Location"].startswith("https://")
    for header, value in PROTECTIVE.items():
        assert response[header] == value
    assert "default-src 'self'" in response["Content-Security-Policy"]
