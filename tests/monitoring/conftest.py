"""What the dashboard tests share: a thousand people of the test split, rows stored on given
days, a signed-in superuser, and the March rows most tests count."""

from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import User

import mlcore
from predictor.models import Prediction
from predictor.services import predictions_create
from tests.conftest import DATA_DIR

URL = "/admin/dashboard/"
NAMES = list(mlcore.resolve_features("seed"))
RANGE = {"since": "2025-03-01", "until": "2025-03-03"}
START, END = datetime(2025, 3, 1, tzinfo=UTC), datetime(2025, 3, 4, tzinfo=UTC)


@pytest.fixture(scope="module")
def people():
    frame, _ = mlcore.load_dataset(DATA_DIR / "adult.test", NAMES)
    return frame.head(1000)


def store(people, count: int, *, when: datetime, source: str = "api") -> list[int]:
    ids = predictions_create(records=people[NAMES].head(count).to_dict("records"), source=source).ids
    Prediction.objects.filter(pk__in=ids).update(created_at=when)
    return ids


@pytest.fixture
def staff(client, db):
    client.force_login(User.objects.create_superuser("staff", "staff@example.com", "pw-for-tests"))
    return client


@pytest.fixture
def march(active_version, people):
    """Rows on 1 and 3 March 2025 from both sources, and rows just outside the range."""
    store(people, 30, when=datetime(2025, 3, 1, 0, 0, tzinfo=UTC), source="web")
    store(people, 20, when=datetime(2025, 3, 1, 23, 59, tzinfo=UTC))
    store(people, 40, when=datetime(2025, 3, 3, 12, tzinfo=UTC), source="web")
    store(people, 5, when=datetime(2025, 2, 28, 23, 59, tzinfo=UTC))
    store(people, 7, when=END)
    return Prediction.objects.filter(created_at__gte=START, created_at__lt=END)
