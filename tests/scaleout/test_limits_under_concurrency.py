"""The rate limits hold under concurrency: every worker adds to one count, atomically.

A real gunicorn with 2 workers, on its own SQLite file (IMMEDIATE transactions), on
PostgreSQL, or counting in Redis, and 8 clients at once on loopback, all from 127.0.0.1:
400 anonymous API calls at API_ANON_RATE=60/min, then 200 form POSTs at FORM_RATE=60/min.
At most 60 plus one per worker may get through each limit; every other answer is a 429
with Retry-After, and nothing is stored for it. Measured here: exactly 60 each time, on
all three stores. django-ninja's own throttle, which each worker reads and writes back
whole, had let 129 and then 81 of the 400 API calls through on SQLite.
"""

import json
import socket
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode

import pytest
import redis

from predictor.api.schemas import EXAMPLE_RECORD
from tests.browser.server import csrf_token, gunicorn, manage, prepare, site_env, throwaway_postgres

RATE, WORKERS, CLIENTS, API_CALLS, FORM_POSTS = 60, 2, 8, 400, 200
REDIS_URL = "redis://127.0.0.1:6379/0"


def answers(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture(params=["sqlite", "redis", pytest.param("postgresql", marks=pytest.mark.postgres)])
def env(request, tmp_path):
    extra = {"DJANGO_STATIC_ROOT": str(tmp_path / "static"), "API_ANON_RATE": f"{RATE}/min"}
    extra |= {"FORM_RATE": f"{RATE}/min", "SQLITE_PATH": str(tmp_path / "db.sqlite3")}
    if request.param == "redis":
        # make test needs Redis, as the README says (.ci/run starts it): a missing one fails here.
        assert answers(6379), "no Redis on 127.0.0.1:6379: start redis-server, as .ci/run does"
        # Counts of an earlier run on this shared database would be counted too.
        redis.Redis.from_url(REDIS_URL).delete(":1:throttle_anon_127.0.0.1", ":1:throttle_form_127.0.0.1")
        extra["REDIS_URL"] = REDIS_URL
    if request.param == "postgresql":
        extra["DATABASE_URL"] = request.getfixturevalue("postgres_url")
    env = site_env(**extra)
    if request.param != "redis":  # the database's own cache, whatever this run's environment says
        env.pop("REDIS_URL", None)
    prepare(env)
    return env


@pytest.fixture
def postgres_url():
    with throwaway_postgres("limits") as url:
        yield url


def send(url: str, data: bytes, headers: dict) -> tuple[int, str | None]:
    request = urllib.request.Request(url, data=data, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.headers.get("Retry-After")
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Retry-After")


def burst(url: str, data: bytes, headers: dict, count: int) -> tuple[list[tuple[int, str | None]], int]:
    """`count` POSTs from CLIENTS threads at once, and how many of the minute's windows they
    fell in (the windows start on the minute: a burst that crosses one is counted in two,
    and may rightly get twice the rate through; a slow machine may make it cross)."""
    if 60 - time.time() % 60 < 12:  # start at a window's beginning when it is near its end
        time.sleep(60.5 - time.time() % 60)
    started = time.time()
    with ThreadPoolExecutor(CLIENTS) as pool:
        results = list(pool.map(lambda _: send(url, data, headers), range(count)))
    return results, int(time.time()) // 60 - int(started) // 60 + 1


def stored(env: dict, source: str) -> int:
    code = f"from predictor.models import Prediction; print(Prediction.objects.filter(source='{source}').count())"
    return int(manage(env, "shell", "-c", code).split()[-1])  # after shell's own notice


def check(sent: tuple[list[tuple[int, str | None]], int], ok: int) -> int:
    results, windows = sent
    through = [status for status, _ in results if status == ok]
    refused = [retry for status, retry in results if status != ok]
    assert RATE <= len(through) <= RATE * windows + WORKERS, (len(through), windows)
    assert all(retry and 0 < int(retry) <= 60 for retry in refused), set(refused)
    assert {status for status, _ in results} == {ok, 429}
    return len(through)


def test_limits_hold_with_two_workers_and_eight_clients(env, tmp_path, capsys):
    # Django logs a warning for every 429: kept in a file, out of the test's output.
    with open(tmp_path / "gunicorn.log", "w") as log, gunicorn(env, workers=WORKERS, stderr=log) as base_url:
        api = burst(
            base_url + "/api/v1/predictions",
            json.dumps(EXAMPLE_RECORD).encode(),
            {"Content-Type": "application/json"},
            API_CALLS,
        )
        with urllib.request.urlopen(base_url + "/") as page:  # GET is not limited: the form's token
            token, cookie = csrf_token(page.read().decode()), page.headers["Set-Cookie"].split(";")[0]
        form = urlencode({**EXAMPLE_RECORD, "csrfmiddlewaretoken": token}).encode()
        headers = {"Content-Type": "application/x-www-form-urlencoded", "HX-Request": "true", "Cookie": cookie}
        posts = burst(base_url + "/", form, headers, FORM_POSTS)
    through_api, through_form = check(api, 201), check(posts, 200)
    assert stored(env, "api") == through_api and stored(env, "web") == through_form
    with capsys.disabled():
        print(f"\n  {API_CALLS} API calls: {through_api} answered 201; {FORM_POSTS} form POSTs: {through_form} stored")
