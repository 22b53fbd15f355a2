"""The form's limit: FORM_RATE POSTs per client address in a window, then 429 with
Retry-After and the panel (or, without JavaScript, the page) saying when to try again.
Nothing is stored past it, and GET / is never limited.

The tests pin the limit's clock 10 s into a minute, so a minute's window has 50 s left
whenever the test runs; the one about the window's end runs on the real clock, on both
stores the site may count in.
"""

import os
import subprocess
import sys
import time
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.test import override_settings

from predictor.models import Prediction

HTMX = {"HX-Request": "true"}
MINUTE_START = 1_800_000_000 - 1_800_000_000 % 60


@pytest.fixture
def clock(monkeypatch):
    """The limit's clock, 10 s into a minute; move it with clock.now += seconds."""
    pinned = SimpleNamespace(now=MINUTE_START + 10.0)
    monkeypatch.setattr("predictor.limits.time", SimpleNamespace(time=lambda: pinned.now))
    return pinned


def test_a_burst_stores_the_rate_and_every_other_post_is_429(client, active_version, valid_record, settings, clock):
    settings.FORM_RATE = "60/min"
    answers = [client.post("/", valid_record, headers=HTMX) for _ in range(200)]
    assert [a.status_code for a in answers] == [200] * 60 + [429] * 140
    assert {a["Retry-After"] for a in answers[60:]} == {"50"}
    assert Prediction.objects.count() == 60


def test_past_the_limit_the_panel_says_when_to_try_again(client, active_version, valid_record, settings, clock):
    settings.FORM_RATE = "2/min"
    for _ in range(2):
        assert client.post("/", valid_record, headers=HTMX).status_code == 200
    response = client.post("/", valid_record, headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 429 and response["Retry-After"] == "50"
    assert "<html" not in html and "Too many changes at once: try again in 50 s" in html
    assert "result-label" not in html  # no estimate: nothing was computed or stored
    assert Prediction.objects.count() == 2


def test_a_plain_post_past_the_limit_gets_the_page_with_what_was_typed(
    client, active_version, valid_record, settings, clock
):
    settings.FORM_RATE = "1/min"
    assert client.post("/", valid_record).status_code == 303
    response = client.post("/", {**valid_record, "age": "58"})
    html = response.content.decode()
    assert response.status_code == 429 and response["Retry-After"] == "50"
    assert "<html" in html and "Too many changes at once: try again in 50 s" in html
    assert 'value="58"' in html and "Fix the highlighted field" not in html  # kept, not judged
    assert Prediction.objects.count() == 1


def test_get_is_never_limited_and_the_limit_lifts_with_the_next_window(
    client, active_version, valid_record, settings, clock
):
    settings.FORM_RATE = "1/min"
    assert client.post("/", valid_record, headers=HTMX).status_code == 200
    assert client.post("/", valid_record, headers=HTMX).status_code == 429
    assert all(client.get("/").status_code == 200 for _ in range(5))
    clock.now += 50  # the next minute
    assert client.post("/", valid_record, headers=HTMX).status_code == 200
    assert Prediction.objects.count() == 2


def test_off_means_no_limit(client, active_version, valid_record, settings, clock):
    settings.FORM_RATE = None
    assert {client.post("/", valid_record, headers=HTMX).status_code for _ in range(30)} == {200}


@pytest.mark.parametrize(
    ("value", "expected"), [("off", "None"), ("OFF", "None"), ("5/hour", "5/hour"), ("60/minute", "")]
)
def test_form_rate_is_read_from_the_environment_and_checked(value, expected):
    code = "import censussite.settings as s; print(s.FORM_RATE)"
    env = {**os.environ, "FORM_RATE": value}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    if expected:
        assert out.stdout.strip() == expected, out.stderr[-500:]
    else:  # a typo would fail every POST: the site refuses to start instead
        assert "FORM_RATE must look like 60/min" in out.stderr


@pytest.mark.parametrize("store", ["database", "redis"])
def test_the_limit_lifts_when_its_window_ends_in_either_store(client, active_version, valid_record, settings, store):
    settings.FORM_RATE = "2/2s"
    caches = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "censussite_cache"}}
    if store == "redis":
        redis = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:6379/15"}
        caches = {"default": redis}
    with override_settings(CACHES=caches):
        for _ in range(5):  # a slow moment may split the three posts over two windows: try again
            cache.clear()
            time.sleep(2.05 - time.time() % 2)  # the start of a window, so three posts fit in it
            started = time.time()
            codes = [client.post("/", valid_record, headers=HTMX).status_code for _ in range(3)]
            if int(time.time()) // 2 == int(started) // 2:
                break
        else:
            pytest.fail("three posts never fitted in one 2-second window")
        assert codes == [200, 200, 429]
        # Redis keeps expiry in whole seconds: the count may outlive its window by under 1 s.
        time.sleep(3.05 - time.time() % 2)
        assert client.post("/", valid_record, headers=HTMX).status_code == 200
        cache.clear()
