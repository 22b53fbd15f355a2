"""A site set up as `make serve` sets it up, counting its metrics in a directory of its own."""

import pytest

from tests.browser.server import prepare, site_env

# The bearer token the scale-out tests scrape /metrics with.
TOKEN = "scaleout-metrics-token-0123456789abcdef"


@pytest.fixture
def metrics_env(tmp_path) -> dict:
    """The environment of a prepared site on its own SQLite file, batch folder and metrics
    directory (PROMETHEUS_MULTIPROC_DIR, as `make serve` sets it, for gunicorn and the
    batch worker alike), with METRICS_TOKEN set and no key limit in the way."""
    metrics_dir = tmp_path / "metrics"
    metrics_dir.mkdir()
    env = site_env(
        SQLITE_PATH=str(tmp_path / "db.sqlite3"),
        DJANGO_STATIC_ROOT=str(tmp_path / "static"),
        BATCH_DIR=str(tmp_path / "batch"),
        API_KEY_RATE="1000000/min",
        METRICS_TOKEN=TOKEN,
        PROMETHEUS_MULTIPROC_DIR=str(metrics_dir),
    )
    prepare(env)
    return env
