"""How the admin's prediction history holds up at 100,000 rows.

The figure that matters is the ratio: the same changelist requests timed over 100,000
stored predictions and over 1,000 (the baseline, measured in the same run on the same
machine). A list that pages with indexes stays near 1x; one that scans or counts every
row grows with the table.

Run: make bench (or .venv/bin/python bench/admin_history.py)
"""

import random

from common import median_seconds, setup_site

setup_site()  # Django must be configured before the imports below

from django.contrib.auth.models import User  # noqa: E402
from django.test import Client  # noqa: E402

from predictor.models import ModelVersion, Prediction  # noqa: E402

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


def load_pages(client: Client) -> None:
    for query in QUERIES:
        assert client.get("/admin/predictor/prediction/" + query).status_code == 200


def main() -> None:
    client = Client()
    client.force_login(User.objects.create_superuser("bench", "bench@example.com", "bench"))
    fill(1_000)
    baseline = median_seconds(lambda: load_pages(client))
    fill(100_000)
    large = median_seconds(lambda: load_pages(client))
    print(f"admin history, {len(QUERIES)} list pages: 1,000 rows {baseline * 1000:.0f} ms (baseline)")
    print(f"admin history, {len(QUERIES)} list pages: 100,000 rows {large * 1000:.0f} ms ({large / baseline:.1f}x)")


if __name__ == "__main__":
    main()
