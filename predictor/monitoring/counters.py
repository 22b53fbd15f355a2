"""Prometheus counters: what the site predicts, how fast it answers, which models failed to load.

A leaf: it imports nothing of the project's, so the writes (services) and the middleware
can count without pulling in the pages or the reads. Predictions are counted in one place,
services.predictions_create, so the form, the API and batch files are counted alike. Under
gunicorn every worker writes its counts to its own file in PROMETHEUS_MULTIPROC_DIR
(gunicorn.conf.py sets that up), and a scrape answered by any one worker adds up all of
them (exposition.py).
"""

import time

import numpy as np
from prometheus_client import Counter, Histogram


class BatchHistogram(Histogram):
    """A Histogram that takes many values at once. Observing 10,000 probabilities one by
    one cost 16 ms here (49 ms in multiprocess mode, a file write each); counting them per
    bucket with numpy and adding each bucket's count once costs under 1 ms. It works on
    Histogram's own buckets, so tests/monitoring/test_counters.py holds it to observe()."""

    def observe_many(self, amounts) -> None:
        if len(amounts) < 32:  # below this, numpy's set-up costs more than it saves
            for amount in amounts:
                self.observe(amount)
            return
        values = np.asarray(amounts, dtype=float)
        # side="left" puts a value equal to a bound in that bound's bucket, as observe() does.
        counts = np.bincount(np.searchsorted(self._upper_bounds, values, side="left"), minlength=len(self._buckets))
        for bucket, count in zip(self._buckets, counts.tolist(), strict=False):
            if count:
                bucket.inc(count)
        self._sum.inc(float(values.sum()))


PREDICTIONS = Counter("censussite_predictions", "Predictions made and stored", ["source", "model_version"])
PROBABILITY = BatchHistogram(
    "censussite_prediction_probability",
    "Predicted probability of earning over $50K",
    ["model_version"],
    buckets=[round(tenth / 10, 1) for tenth in range(1, 11)],
)
MODEL_LOAD_FAILURES = Counter("censussite_model_load_failures", "Active model versions a process could not load")
SHADOW_FAILURES = Counter(
    "censussite_shadow_failures", "Predictions a shadow version was set for but could not score", ["model_version"]
)
REQUEST_SECONDS = Histogram(
    "censussite_request_duration_seconds",
    "Time Django took to answer a request, static files aside",
    ["method", "route", "status"],
    # From the form's few milliseconds to 10,000 instances' seconds.
    buckets=[0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
)
# Any other word a client sends as its method is counted as one, so it cannot grow the labels.
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def predictions_counted(*, source: str, version_id: int, probabilities: list[float]) -> None:
    """Count stored predictions: one call per write, whatever its size."""
    version = str(version_id)
    PREDICTIONS.labels(source=str(source), model_version=version).inc(len(probabilities))
    PROBABILITY.labels(model_version=version).observe_many(probabilities)


def shadow_failure_counted(*, version_id: int, rows: int) -> None:
    """Rows the shadow should have scored and did not (it failed to load or to answer)."""
    SHADOW_FAILURES.labels(model_version=str(version_id)).inc(rows)


def model_load_failure_counted(**signal) -> None:
    """registry.model_load_failed's receiver (connected in apps.py)."""
    MODEL_LOAD_FAILURES.inc()


def latency_middleware(get_response):
    """Time each request, labelled by its URL pattern (never the path, whose ids would make
    a series per prediction). Placed after whitenoise, so static files are not counted."""

    def middleware(request):
        start = time.perf_counter()
        response = get_response(request)
        match = request.resolver_match
        method = request.method if request.method in _METHODS else "other"
        route = (match.route or match.view_name) if match else "unmatched"
        REQUEST_SECONDS.labels(method, route, str(response.status_code)).observe(time.perf_counter() - start)
        return response

    return middleware
