"""/metrics under 4 gunicorn workers reports exactly the predictions made, whichever worker answers.

Each worker counts in its own file (prometheus_client's multiprocess mode, set up by
gunicorn.conf.py as `make serve` uses it); a scrape answered by any one of them must add
up all four. Without that, a scrape would show a quarter of the traffic, varying by worker.
"""

import json
import shutil
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from http.cookiejar import CookieJar
from urllib.parse import urlencode

from prometheus_client import CollectorRegistry
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.parser import text_string_to_metric_families

from predictor.api.schemas import EXAMPLE_RECORD
from tests.browser.server import csrf_token, gunicorn, manage
from tests.scaleout.conftest import TOKEN

FORMS, SINGLES, BATCHES = 12, 24, [1, 2, 50, 199, 300, 777]  # 1,365 predictions in all


def person(number: int) -> dict:
    return {**EXAMPLE_RECORD, "age": 17 + number % 73}


def fetch(url: str, data: bytes | None = None, headers: dict | None = None, opener=None) -> tuple[int, bytes, dict]:
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with (opener or urllib.request.build_opener()).open(request, timeout=60) as response:
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read(), dict(error.headers)


def predict_by_form(base_url: str, number: int) -> None:
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    _, page, _ = fetch(base_url + "/", opener=browser)
    form = {**person(number), "csrfmiddlewaretoken": csrf_token(page.decode())}
    status, _, _ = fetch(base_url + "/", urlencode(form).encode(), opener=browser)  # 303, then the result page
    assert status == 200


def predict_by_api(base_url: str, key: str, records: list[dict]) -> None:
    body = records[0] if len(records) == 1 else {"instances": records}
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {key}"}
    status, _, _ = fetch(base_url + "/api/v1/predictions", json.dumps(body).encode(), headers)
    assert status in (200, 201)


def scrape(base_url: str) -> list:
    status, body, _ = fetch(base_url + "/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert status == 200
    return [sample for family in text_string_to_metric_families(body.decode()) for sample in family.samples]


def total(samples, name: str, **labels) -> float:
    return sum(s.value for s in samples if s.name == name and labels.items() <= s.labels.items())


def per_worker_predictions(metrics_dir, scratch) -> list[float]:
    """Each worker's own count, read from its file alone with prometheus_client's collector."""
    counts = []
    for path in sorted(metrics_dir.glob("counter_*.db")):
        shutil.rmtree(scratch, ignore_errors=True)
        scratch.mkdir()
        shutil.copy(path, scratch)
        registry = CollectorRegistry()
        MultiProcessCollector(registry, path=str(scratch))
        counts.append(total([s for m in registry.collect() for s in m.samples], "censussite_predictions_total"))
    return counts


def test_metrics_under_four_workers_count_every_prediction_once(metrics_env, tmp_path):
    env = metrics_env
    key = manage(env, "create_api_key", "metrics", "--scope", "predict").strip().splitlines()[-1]
    with gunicorn(env, workers=4, ready_path="/healthz") as base_url:
        assert fetch(base_url + "/metrics")[0] == 401
        status, _, headers = fetch(base_url + "/metrics", headers={"Authorization": "Bearer not-the-token"})
        assert status == 401 and headers["WWW-Authenticate"].startswith("Bearer")

        jobs = [lambda n=n: predict_by_form(base_url, n) for n in range(FORMS)]
        jobs += [lambda n=n: predict_by_api(base_url, key, [person(n)]) for n in range(SINGLES)]
        jobs += [lambda size=size: predict_by_api(base_url, key, [person(n) for n in range(size)]) for size in BATCHES]
        # Eight clients at once keep all four workers busy, so the predictions spread over them.
        with ThreadPoolExecutor(8) as pool:
            list(pool.map(lambda job: job(), jobs))

        made = FORMS + SINGLES + sum(BATCHES)
        # Several scrapes, so more than one worker answers one: each must give the whole count.
        for _ in range(8):
            samples = scrape(base_url)
            assert total(samples, "censussite_predictions_total") == made
            assert total(samples, "censussite_predictions_total", source="web") == FORMS
            assert total(samples, "censussite_predictions_total", source="api") == SINGLES + sum(BATCHES)
            assert total(samples, "censussite_prediction_probability_count") == made
        workers = per_worker_predictions(tmp_path / "metrics", tmp_path / "one")
        assert sum(workers) == made and sum(1 for count in workers if count) >= 2, workers
        first_run = {path.name for path in (tmp_path / "metrics").glob("*.db")}

    # Restarted on the same directory, without a token: a new run starts from zero, and
    # /metrics is not there at all.
    del env["METRICS_TOKEN"]
    with gunicorn(env, workers=2, ready_path="/healthz") as base_url:
        assert fetch(base_url + "/metrics", headers={"Authorization": f"Bearer {TOKEN}"})[0] == 404
        assert not first_run & {path.name for path in (tmp_path / "metrics").glob("*.db")}
