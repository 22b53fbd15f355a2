"""What an operator tunes: the training data, drift, /metrics, retention and batch files."""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from .core import BASE_DIR

# Monitoring: drift compares the inputs of the last DRIFT_WINDOW_DAYS days (or, when set, of
# the last DRIFT_WINDOW_ROWS predictions) with the active model's training inputs.
DRIFT_WINDOW_DAYS = int(os.environ.get("DRIFT_WINDOW_DAYS", "7"))
DRIFT_WINDOW_ROWS = int(os.environ["DRIFT_WINDOW_ROWS"]) if os.environ.get("DRIFT_WINDOW_ROWS") else None
# Prometheus scrapes /metrics with `Authorization: Bearer <METRICS_TOKEN>`; unset, /metrics
# answers 404. Nothing else guards it and nothing counts wrong guesses, so it must be long.
METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "").strip()
if METRICS_TOKEN and len(METRICS_TOKEN) < 32:
    raise ImproperlyConfigured("METRICS_TOKEN must be at least 32 characters (e.g. `openssl rand -hex 32`)")
# How long personal inputs are kept: `manage.py prune_predictions` without --before deletes
# predictions older than this many days.
PREDICTION_RETENTION_DAYS = int(os.environ.get("PREDICTION_RETENTION_DAYS", "365"))

# Batch scoring in the browser (/batch/): files and results live under BATCH_DIR, one folder
# per job; a worker (`manage.py batch_worker`, started by `make run` and `make serve`)
# scores them BATCH_CHUNK_ROWS rows per transaction. A running job whose worker has written
# nothing for BATCH_STALE_SECONDS is taken over when a worker starts.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
BATCH_DIR = Path(os.environ.get("BATCH_DIR", BASE_DIR / "batch-files"))
BATCH_CHUNK_ROWS = int(os.environ.get("BATCH_CHUNK_ROWS", "5000"))
BATCH_STALE_SECONDS = int(os.environ.get("BATCH_STALE_SECONDS", "60"))
