"""What the API adds on top of the model for a 10,000-record batch.

The baseline is mlcore alone predicting the same 10,000 records in one call, measured in
the same run. The figure is the ratio of one full API request (JSON parsing, validation,
prediction, one bulk insert into SQLite, the JSON answer) to that baseline, and the same
for 10,000 records sent as 100 requests of 100, which is what a client that does not batch
pays per record.

Run: make bench (or .venv/bin/python bench/api_batch.py)
"""

import json
import random

from common import median_seconds, setup_site

setup_site()  # Django must be configured before the imports below

from django.test import Client  # noqa: E402

from predictor.models import Prediction  # noqa: E402
from predictor.registry import active_predictor  # noqa: E402
from predictor.services import api_key_create  # noqa: E402


def records(schema, count: int) -> list[dict]:
    rng = random.Random(0)
    pick = {
        f.name: (lambda f=f: rng.choice(f.categories) if f.categories else rng.randint(f.minimum, f.maximum))
        for f in schema.features
    }
    return [{name: draw() for name, draw in pick.items()} for _ in range(count)]


def post(client: Client, batch: list[dict]) -> None:
    body = json.dumps({"instances": batch})
    response = client.post("/api/v1/predictions", body, content_type="application/json", headers=KEY)
    assert response.status_code == 201, response.content[:200]


KEY: dict = {}  # a batch needs a key with the predict scope


def main() -> None:
    KEY["Authorization"] = "Bearer " + api_key_create(name="bench", scopes=["predict"], by="bench")[1]
    _, predictor = active_predictor()
    batch = records(predictor.schema, 10_000)
    client = Client()
    baseline = median_seconds(lambda: predictor.predict_many(batch))
    one_request = median_seconds(lambda: post(client, batch))
    chunks = [batch[i : i + 100] for i in range(0, len(batch), 100)]
    many_requests = median_seconds(lambda: [post(client, chunk) for chunk in chunks], repeats=3)
    assert Prediction.objects.count() == 10_000 * 5 + 10_000 * 3
    print(f"10,000 records, mlcore alone:      {baseline * 1000:7.0f} ms (baseline)")
    print(f"10,000 records, one API request:   {one_request * 1000:7.0f} ms ({one_request / baseline:.1f}x)")
    print(f"10,000 records, 100 API requests:  {many_requests * 1000:7.0f} ms ({many_requests / baseline:.1f}x)")


if __name__ == "__main__":
    main()
