"""The dashboard's one read of a range (traffic.py) against counts made by hand, and each
database's quick read (SQLite's records.py, PostgreSQL's grouping sets) against the plain
grouped read it stands in for."""

import math
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

import mlcore
from predictor.models import Prediction
from predictor.monitoring import records
from predictor.monitoring.traffic import _add_up, _grouping_sets, _groups, traffic
from predictor.services import model_version_create, predictions_create
from tests.conftest import DATA_DIR

NAMES = list(mlcore.resolve_features("seed"))
START, END = datetime(2025, 3, 1, tzinfo=UTC), datetime(2025, 3, 8, tzinfo=UTC)


@pytest.fixture
def week(active_version, seed_build):
    """A week of rows from every source and two versions, with probabilities on the tenths'
    edges, and rows either side of the range."""
    people, _ = mlcore.load_dataset(DATA_DIR / "adult.test", NAMES)
    people = people[NAMES].head(60).to_dict("records")
    older = model_version_create(artifact=seed_build.artifact, card=seed_build.card, profile=seed_build.profile)
    for day, source in enumerate(["web", "api", "batch", "api", "web", "batch", "api"]):
        ids = predictions_create(records=people[day * 7 : day * 7 + 9], source=source).ids
        when = START + timedelta(days=day, hours=day * 3, microseconds=day)
        Prediction.objects.filter(pk__in=ids).update(created_at=when)
        Prediction.objects.filter(pk__in=ids[::3]).update(model_version=older)
    edges = Prediction.objects.order_by("pk").values_list("pk", flat=True)[:6]
    for pk, p in zip(edges, [0.0, 0.1, 0.3, 0.5, 0.9, 1.0], strict=True):
        Prediction.objects.filter(pk=pk).update(probability=p, label=p >= 0.5)
    outside = predictions_create(records=people[:5], source="api").ids
    Prediction.objects.filter(pk__in=outside[:2]).update(created_at=START - timedelta(microseconds=1))
    Prediction.objects.filter(pk__in=outside[2:]).update(created_at=END)
    return Prediction.objects.filter(created_at__gte=START, created_at__lt=END)


def test_every_figure_equals_a_count_by_hand(week):
    scanned = traffic(since=START, until=END)
    rows = list(week.values_list("created_at", "source", "model_version", "probability", "label"))
    assert scanned.per_day == Counter((at.date(), source) for at, source, *_ in rows)
    assert scanned.histogram == [sum(min(math.floor(p * 10), 9) == k for *_, p, _ in rows) for k in range(10)]
    assert scanned.histogram[0] >= 1 and scanned.histogram[9] >= 1
    for version_id, version in scanned.versions.items():
        mine = [(p, label) for _, _, v, p, label in rows if v == version_id]
        assert (version.predictions, version.over) == (len(mine), sum(label for _, label in mine))
        assert version.expected == pytest.approx(sum(max(p, 1 - p) for p, _ in mine) / len(mine), abs=1e-12)
    assert len(scanned.versions) == 2 and sum(v.predictions for v in scanned.versions.values()) == 63


def test_sources_are_counted_alone(week):
    scanned = traffic(since=START, until=END, sources=("batch",))
    assert {source for _, source in scanned.per_day} == {"batch"}
    assert sum(scanned.histogram) == week.filter(source="batch").count() == 18


def test_the_range_is_read_in_one_query(week):
    with CaptureQueriesContext(connection) as captured:
        traffic(since=START, until=END)
    assert len(captured) == 1


def fast_read(rows):
    """This database's own quick read: SQLite's records, PostgreSQL's grouping sets."""
    return records.read(rows) if connection.vendor == "sqlite" else _add_up(_grouping_sets(rows))


def test_this_databases_quick_read_counts_what_the_grouped_read_counts(week):
    for sources in (None, ("web", "batch")):
        rows = Prediction.objects.filter(created_at__gte=START, created_at__lt=END).order_by()
        if sources:
            rows = rows.filter(source__in=sources)
        per_day, histogram, versions = fast_read(rows)
        grouped = _add_up(_groups(rows))
        assert (per_day, histogram) == grouped[:2]
        assert versions.keys() == grouped[2].keys()
        for version_id, (predictions, over, confidence) in versions.items():
            assert (predictions, over) == grouped[2][version_id][:2]
            assert confidence == pytest.approx(grouped[2][version_id][2], rel=1e-15)
