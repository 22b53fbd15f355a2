"""How the admin's prediction history holds up at 100,000 rows.

The figure that matters is the ratio: the same changelist requests timed over 100,000
stored predictions and over 1,000 (the baseline, measured in the same run on the same
machine). A list that pages with indexes stays near 1x; one that scans or counts every
row grows with the table.

Run: make bench (or .venv/bin/python bench/admin_history.py)
"""

import atexit
import io
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
TMP = tempfile.mkdtemp()
atexit.register(shutil.rmtree, TMP, ignore_errors=True)
os.environ.update(SQLITE_PATH=f"{TMP}/bench.sqlite3", DJANGO_SECRET_KEY="bench", DJANGO_STATIC_ROOT=TMP)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "censussite.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from predictor.models import ModelVersion, Prediction  # noqa: E402

settings.ALLOWED_HOSTS = ["testserver"]
settings.STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
QUERIES = ["", "?sex=Female", "?education=Masters&source=web", "?label__exact=1", "?q=Bachelors", "?p=10"]


def fill(total: int) -> None:
    version = ModelVersion.objects.get(is_active=True)
    rng = random.Random(0)
    rows = []
    for _ in range(total - Prediction.objects.count()):
        inputs = {
            "age": rng.randint(17, 90),
            "education": rng.choice(["Bachelors", "Masters", "HS-grad"]),
            "sex": rng.choice(["Male", "Female"]),
            "marital_status": rng.choice(["Never-married", "Divorced"]),
        }
        p = rng.random()
        rows.append(Prediction(model_version=version, inputs=inputs, probability=p, label=p >= 0.5, source="web"))
    Prediction.objects.bulk_create(rows, batch_size=5000)


def time_pages(client: Client, repeats: int = 5) -> float:
    """Median seconds to load every changelist page in QUERIES once."""
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        for query in QUERIES:
            assert client.get("/admin/predictor/prediction/" + query).status_code == 200
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    call_command("migrate", verbosity=0)
    call_command("retrain", stdout=io.StringIO())
    client = Client()
    client.force_login(User.objects.create_superuser("bench", "bench@example.com", "bench"))
    fill(1_000)
    baseline = time_pages(client)
    fill(100_000)
    large = time_pages(client)
    print(f"admin history, {len(QUERIES)} list pages: 1,000 rows {baseline * 1000:.0f} ms (baseline)")
    print(f"admin history, {len(QUERIES)} list pages: 100,000 rows {large * 1000:.0f} ms ({large / baseline:.1f}x)")


if __name__ == "__main__":
    main()
