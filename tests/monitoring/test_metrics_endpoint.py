"""/metrics in one process, through the test client: who may read it and what it counts.

The counts live in prometheus_client's process-wide registry and so outlast each test's
database; every test compares a scrape before and after. tests/scaleout/test_metrics.py
checks the same counts added up over four gunicorn workers.
"""

import pytest
from prometheus_client import REGISTRY, Histogram
from prometheus_client.parser import text_string_to_metric_families

from predictor.models import ModelVersion
from predictor.monitoring import counters as metrics
from predictor.monitoring import exposition
from predictor.monitoring import selectors as monitoring
from predictor.services import predictions_create
from tests.api.conftest import bearer, make_key

TOKEN = "t" * 40
HTMX = {"HX-Request": "true"}


@pytest.fixture
def token(settings):
    settings.METRICS_TOKEN = TOKEN
    exposition._drift.clear()  # each test's database has its own drift
    return TOKEN


def scrape(client) -> list:
    response = client.get("/metrics", **bearer(TOKEN))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain; version=0.0.4;")
    return [sample for family in text_string_to_metric_families(response.content.decode()) for sample in family.samples]


def total(samples, name: str, **labels) -> float:
    """The sum of `name`'s samples whose labels include `labels`."""
    return sum(s.value for s in samples if s.name == name and labels.items() <= s.labels.items())


def test_metrics_is_404_while_no_token_is_set(client, db, settings):
    settings.METRICS_TOKEN = ""
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", **bearer("anything")).status_code == 404


@pytest.mark.parametrize("header", [None, "Bearer wrong", f"Basic {TOKEN}", f"Bearer {TOKEN}x", "Bearer"])
def test_metrics_without_the_right_token_is_401(client, db, token, header):
    response = client.get("/metrics", **({"HTTP_AUTHORIZATION": header} if header else {}))
    assert response.status_code == 401 and response["WWW-Authenticate"].startswith("Bearer")
    assert b"censussite" not in response.content


def test_the_format_follows_the_scrapers_accept_header(client, db, token):
    accept = "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5"
    response = client.get("/metrics", headers={"Accept": accept}, **bearer(TOKEN))
    assert response["Content-Type"].startswith("application/openmetrics-text; version=1.0.0")
    assert response.content.endswith(b"# EOF\n")


def test_predictions_are_counted_per_source_and_version(
    client, active_version, valid_record, token, django_capture_on_commit_callbacks
):
    api_key = make_key("predict")
    before = scrape(client)
    # Counts are taken once the rows are committed; the test's own transaction never is.
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/", valid_record, headers=HTMX)
        client.post("/api/v1/predictions", {"instances": [valid_record] * 5}, "application/json", **bearer(api_key))
    after = scrape(client)
    version = str(active_version.pk)

    def grown(name, **labels):
        return total(after, name, **labels) - total(before, name, **labels)

    assert grown("censussite_predictions_total", source="web", model_version=version) == 1
    assert grown("censussite_predictions_total", source="api", model_version=version) == 5
    assert grown("censussite_prediction_probability_count", model_version=version) == 6
    assert grown("censussite_request_duration_seconds_count", method="POST", route="api/v1/predictions") == 1


def test_observe_many_fills_the_buckets_as_observe_does():
    # Bounds hit exactly, both ends and a batch large enough to take the numpy path.
    values = [0.0, 0.1, 0.15, 0.5, 0.55, 0.999, 1.0] * 10
    one_by_one = Histogram("one_by_one", "", buckets=metrics.PROBABILITY._upper_bounds[:-1], registry=None)
    batched = metrics.BatchHistogram("batched", "", buckets=metrics.PROBABILITY._upper_bounds[:-1], registry=None)
    for value in values:
        one_by_one.observe(value)
    batched.observe_many(values)
    batched.observe_many(values[:3])  # and the short path
    for value in values[:3]:
        one_by_one.observe(value)

    def samples(histogram):
        return {
            (s.name, s.labels.get("le")): s.value for s in histogram.collect()[0].samples if "created" not in s.name
        }

    expected = {(name.replace("one_by_one", "batched"), le): value for (name, le), value in samples(one_by_one).items()}
    assert samples(batched) == pytest.approx(expected)  # the sum is added in another order


def test_a_model_that_cannot_be_loaded_is_counted(client, active_version, valid_record, token):
    # Read without a scrape: the scrape's drift report would load the model first.
    before = REGISTRY.get_sample_value("censussite_model_load_failures_total")
    metadata = {**active_version.metadata, "sklearn_version": "0.0"}
    ModelVersion.objects.filter(pk=active_version.pk).update(metadata=metadata)
    assert client.post("/", valid_record).status_code == 503
    assert client.post("/", valid_record).status_code == 503  # remembered, not loaded again
    assert total(scrape(client), "censussite_model_load_failures_total") == before + 1


def test_drift_gauges_come_from_the_drift_report(client, active_version, valid_record, token):
    predictions_create(records=[valid_record] * 300, source="api")
    samples = scrape(client)
    report = monitoring.drift_report()
    expected = {entry["feature"]: entry["psi"] for entry in report["drift"] if entry["psi"] is not None}
    assert expected, "300 rows should be enough to measure drift"
    assert {s.labels["feature"]: s.value for s in samples if s.name == "censussite_drift_psi"} == expected
    assert total(samples, "censussite_drift_window_rows") == 300


def test_a_failing_drift_report_leaves_the_counts(client, active_version, token, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("drift broke")

    monkeypatch.setattr(exposition, "drift_report", broken)
    samples = scrape(client)
    assert not [s for s in samples if s.name.startswith("censussite_drift")]
    assert any(s.name == "censussite_request_duration_seconds_count" for s in samples)
