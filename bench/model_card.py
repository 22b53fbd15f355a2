"""How long the model card takes to render with 20 stored versions.

The goal is a page under 50 ms. /model/ is timed beside /healthz (a view that does no work,
so the gap is the card's own) and the form page, in the same run on the same machine; the
threshold panel that htmx asks for is timed too. Each version is a full copy of the trained
one, artifact, card and test scores included, so the comparison table reads real rows.

Run: make bench (or .venv/bin/python bench/model_card.py)
"""

import statistics
import time

from common import setup_site

setup_site()  # Django must be configured before the imports below

from django.test import Client  # noqa: E402

from predictor.models import ModelVersion  # noqa: E402

VERSIONS = 20
REQUESTS = 200


def fill(total: int) -> None:
    trained = ModelVersion.objects.defer(None).get(is_active=True)
    assert trained.card and trained.test_scores, "retrain stored no card: nothing to measure"
    copies = []
    for _ in range(total - ModelVersion.objects.count()):
        copy = ModelVersion(**{f.attname: getattr(trained, f.attname) for f in ModelVersion._meta.concrete_fields})
        copy.pk, copy.is_active, copy.activated_at = None, False, None
        copies.append(copy)
    ModelVersion.objects.bulk_create(copies)


def timings(client: Client, path: str, headers: dict | None = None) -> list[float]:
    """Milliseconds per request, after a few warm-up requests."""
    for _ in range(10):
        assert client.get(path, headers=headers).status_code == 200
    samples = []
    for _ in range(REQUESTS):
        start = time.perf_counter()
        client.get(path, headers=headers)
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def line(name: str, samples: list[float], note: str = "") -> str:
    p95 = statistics.quantiles(samples, n=20)[18]
    return f"{name}: median {statistics.median(samples):.1f} ms, p95 {p95:.1f} ms{note}"


def main() -> None:
    fill(VERSIONS)
    client = Client()
    print(line(f"model card, {VERSIONS} versions, /model/", timings(client, "/model/"), " (goal: under 50 ms)"))
    panel = timings(client, "/model/?threshold=0.3", {"HX-Request": "true"})
    print(line("threshold panel (htmx), /model/?threshold=0.3", panel))
    print(line("baseline, /healthz", timings(client, "/healthz")))
    print(line("baseline, the form page /", timings(client, "/")))


if __name__ == "__main__":
    main()
