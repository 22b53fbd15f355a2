"""How long the staff dashboard takes with 100,000 stored predictions, on SQLite and PostgreSQL.

The goal is a page under 300 ms. The predictions are people from the test split, spread
evenly over the last 365 days, a third from the API, one in 20 with its true outcome. The
page is timed over its default range (the last 30 days, about 8,200 predictions) and over
the whole year (all 100,000); the baseline is the default page over 1,000 predictions,
measured in the same run; then its parts alone (traffic: the one read of the range; live
quality given it; drift). Each database runs in a process of its own (Django is configured
once per process); PostgreSQL is a throwaway database, skipped when no server answers.

Run: make bench (or .venv/bin/python bench/dashboard.py)
"""

import os
import random
import statistics
import subprocess
import sys
import time
from datetime import timedelta
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
URL, DAYS, REQUESTS, GOAL_MS = "/admin/dashboard/", 365, 10, 300


def stored_rows(people) -> tuple[list[tuple], int]:
    """Every test-split person as predictions_insert takes a row, scored once, and the version."""
    import orjson

    import mlcore
    from predictor.registry import active_model

    version, predictor = (model := active_model()).version, model.predictor
    cleaned = predictor.clean_many(people.drop(columns="y").to_dict("records"))
    probabilities, labels = predictor.predict_cleaned(cleaned)
    explained = [
        None if e is None else orjson.dumps(mlcore.compact(e)).decode() for e in predictor.explanations(cleaned)
    ]
    return list(zip(cleaned, explained, probabilities, labels, strict=True)), version.pk


def fill(total: int, people, rows: list[tuple], version_id: int) -> None:
    """Predictions up to `total`, written straight in with their day's time (no updates)."""
    from django.db import connection
    from django.utils import timezone

    from predictor.models import Outcome, Prediction
    from predictor.storage import predictions_insert

    rng, start, now = random.Random(total), Prediction.objects.count(), timezone.now()
    truth = people["y"].to_numpy()
    for day in range(DAYS):
        picks = [rng.randrange(len(rows)) for _ in range((total - start + day) // DAYS)]  # adds up to the total
        third = len(picks) // 3
        for source, part in (("api", picks[:third]), ("web", picks[third:])):
            if not part:
                continue
            when = now - timedelta(days=day, minutes=1)
            ids = predictions_insert(
                rows=[rows[i] for i in part],
                created_at=when,
                model_version_id=version_id,
                api_key_id=None,
                source=source,
            )
            known = zip(ids[::20], part[::20], strict=True)  # one in 20 has its outcome
            Outcome.objects.bulk_create(
                Outcome(prediction_id=pk, earns_over_50k=bool(truth[i]), recorded_by="bench") for pk, i in known
            )
    if connection.vendor == "postgresql":  # what autovacuum would have done by the time anyone looks
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def median_ms(action, repeats: int = REQUESTS) -> float:
    action()  # warm: the first request loads the model
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def measure() -> None:
    """In a child process: set the site up on the database the environment names, and time."""
    sys.path.insert(0, str(ROOT / "bench"))
    from common import setup_site

    setup_site()
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    import mlcore
    from predictor.monitoring import selectors
    from predictor.monitoring.traffic import traffic

    (client := Client()).force_login(User.objects.create_superuser("bench", "bench@example.com", "bench"))
    people, _ = mlcore.load_dataset(ROOT / "data" / "adult.test", list(mlcore.resolve_features("seed")))
    rows, version_id = stored_rows(people)
    year = {"since": f"{timezone.localdate() - timedelta(days=DAYS - 1)}", "until": f"{timezone.localdate()}"}

    def page(query=None):
        assert client.get(URL, query).status_code == 200

    fill(1_000, people, rows, version_id)
    baseline = median_ms(page)
    fill(100_000, people, rows, version_id)
    default, whole = median_ms(page), median_ms(lambda: page(year))
    print(f"{connection.vendor}, median of {REQUESTS} requests:")
    print(f"  dashboard, 1,000 predictions, last 30 days       {baseline:6.0f} ms (baseline)")
    print(f"  dashboard, 100,000 predictions, last 30 days     {default:6.0f} ms ({default / baseline:.1f}x)")
    print(f"  dashboard, 100,000 predictions, the whole year   {whole:6.0f} ms ({whole / baseline:.1f}x)")
    print(f"  goal: the whole year under {GOAL_MS} ms: {'met' if whole < GOAL_MS else 'NOT met'}")
    for days in (30, DAYS):
        since, until = timezone.now() - timedelta(days=days), timezone.now()
        scanned = traffic(since=since, until=until)
        parts = {
            "traffic": partial(traffic, since=since, until=until),
            "live_quality": partial(selectors.live_quality, since=since, until=until, scanned=scanned),
            "drift_report": partial(selectors.drift_report, until=until),
        }
        timed = ", ".join(f"{name} {median_ms(part, 5):.0f}" for name, part in parts.items())
        print(f"  its parts (ms), last {days} days: {timed}")


def main() -> None:
    import psycopg

    sys.path.insert(0, str(ROOT))
    from tests.browser.server import throwaway_postgres

    run = [sys.executable, __file__, "--measure"]
    subprocess.run(run, check=True, env={k: v for k, v in os.environ.items() if k != "DATABASE_URL"})
    try:
        with throwaway_postgres("bench") as database_url:
            subprocess.run(run, check=True, env={**os.environ, "DATABASE_URL": database_url})
    except psycopg.OperationalError as error:  # no server to measure on this machine
        print(f"PostgreSQL skipped: {error}".splitlines()[0])


if __name__ == "__main__":
    if "--measure" in sys.argv:
        measure()
    else:
        main()
