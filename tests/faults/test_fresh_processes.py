"""Faults as an operator meets them: real gunicorn processes started after the damage.

A corrupted active artifact must leave the page and the admin history readable with what to
do, and the probes and API answering 503 naming the fix; a database that is down gives a
friendly 500 whose request id is the one in the log. Nothing else answers 500.
"""

import http.cookiejar
import json
import sqlite3
import tempfile
import urllib.error
import urllib.parse
import urllib.request

import pytest

from tests.browser.server import csrf_token, gunicorn, manage, prepare, site_env

RECORD = {"age": 39, "workclass": "State-gov", "education": "Bachelors", "marital_status": "Never-married"}
RECORD |= {"race": "White", "sex": "Male", "hours_per_week": 40}
JSON = {"Content-Type": "application/json"}


def fetch(opener, url: str, data: bytes | None = None, headers: dict | None = None) -> tuple[int, str, dict]:
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with opener.open(request) as answer:
            return answer.status, answer.read().decode(), dict(answer.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), dict(error.headers)


def log_in(opener, base_url: str) -> None:
    _, html, _ = fetch(opener, base_url + "/admin/login/")
    token = csrf_token(html)
    form = urllib.parse.urlencode({"username": "ops", "password": "pw-for-tests-1", "csrfmiddlewaretoken": token})
    status, html, _ = fetch(opener, base_url + "/admin/login/?next=/admin/", form.encode(), {"Referer": base_url})
    assert status == 200 and "Log out" in html, html[:500]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("faults")
    env = site_env(SQLITE_PATH=str(tmp / "db.sqlite3"), DJANGO_STATIC_ROOT=str(tmp / "static"))
    env |= {"DJANGO_SUPERUSER_PASSWORD": "pw-for-tests-1"}
    prepare(env)
    manage(env, "createsuperuser", "--noinput", "--username", "ops", "--email", "ops@example.com")
    return env, tmp / "db.sqlite3"


def test_a_corrupted_active_model_is_explained_everywhere_and_never_a_500(site):
    env, db = site
    with sqlite3.connect(db) as connection:
        (artifact,) = connection.execute("SELECT artifact FROM predictor_modelversion WHERE is_active").fetchone()
        connection.execute("UPDATE predictor_modelversion SET artifact = ? WHERE is_active", [artifact + b"\0"])
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    with gunicorn(env) as base_url:
        status, html, _ = fetch(opener, base_url + "/")
        assert status == 200 and "cannot be loaded" in html and "manage.py retrain" in html
        for path in ("/readyz", "/api/v1/model"):
            status, body, _ = fetch(opener, base_url + path)
            assert status == 503 and "checksum" in body and "activate_model" in body, (path, body)
        status, body, _ = fetch(opener, base_url + "/api/v1/predictions", json.dumps(RECORD).encode(), JSON)
        assert status == 503 and "manage.py retrain" in json.loads(body)["detail"]
        log_in(opener, base_url)
        status, html, _ = fetch(opener, base_url + "/admin/predictor/prediction/")
        assert status == 200 and "cannot be loaded" in html and "Activate another model version" in html


def test_a_database_that_is_down_gives_a_friendly_500_with_the_id_in_the_log(site):
    env, _ = site
    with tempfile.TemporaryFile("w+") as log:
        # Port 1 on loopback: nothing listens, so every query fails at once.
        down = {**env, "DATABASE_URL": "postgresql://postgres@127.0.0.1:1/none"}
        with gunicorn(down, stderr=log, ready_path="/healthz") as base_url:
            status, html, headers = fetch(urllib.request.build_opener(), base_url + "/")
        log.seek(0)
        logged = log.read()
    request_id = headers["X-Request-ID"]
    assert status == 500 and request_id in html and "Something went wrong" in html
    assert "127.0.0.1:1" not in html and "Traceback" not in html
    assert f"[{request_id}]" in logged and "OperationalError" in logged


def test_the_fix_the_messages_name_brings_the_site_back(site):
    env, _ = site
    manage(env, "retrain")
    with gunicorn(env) as base_url:
        assert fetch(urllib.request.build_opener(), base_url + "/readyz")[0] == 200
