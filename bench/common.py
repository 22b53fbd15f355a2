"""Set-up shared by the benchmarks: a throwaway SQLite site with the default model trained."""

import atexit
import io
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path


def setup_site() -> None:
    """Configure Django on a temporary SQLite file, migrate, and train the default model."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    tmp = tempfile.mkdtemp()
    atexit.register(shutil.rmtree, tmp, ignore_errors=True)
    os.environ.update(SQLITE_PATH=f"{tmp}/bench.sqlite3", DJANGO_SECRET_KEY="bench", DJANGO_STATIC_ROOT=tmp)
    # The test client speaks plain HTTP, and a benchmark measures throughput, not the limits.
    os.environ.update(DJANGO_HTTPS="0", API_ANON_RATE="1000000/min", API_KEY_RATE="1000000/min")
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")  # the sign-ins it makes are not news
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "censussite.settings")

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.ALLOWED_HOSTS = ["testserver"]
    # The benchmarks measure views, not static files: skip the collected-files manifest.
    settings.STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
    call_command("migrate", verbosity=0)
    call_command("retrain", stdout=io.StringIO())


def median_seconds(action, repeats: int = 5) -> float:
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)
