"""The dashboard's figures and charts, each against a count made by hand."""

import math
import re
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime

import pytest
from django.utils import timezone

from predictor.models import Prediction
from predictor.monitoring import selectors
from predictor.monitoring.templatetags.dashboard import per_day_chart
from predictor.services import model_version_create
from predictor.templatetags import bars, charts

from .conftest import END, RANGE, START, URL, store


def test_counts_per_day_equal_a_count_by_hand(staff, march):
    by_hand = {}
    for day, source in march.values_list("created_at__date", "source"):
        by_hand[day, source] = by_hand.get((day, source), 0) + 1
    rows = selectors.predictions_per_day(since=START, until=END)
    assert {(r["day"], r["source"]): r["count"] for r in rows} == by_hand
    table = staff.get(URL, RANGE).content.decode()  # the rows the page draws (its day_rows tag)
    cells = re.findall(
        r'<th scope="row">(\w+ \d+) Mar 2025</th><td class="number">(\d+)</td><td class="number">(\d+)</td>', table
    )
    assert cells == [("Sat 1", "30", "20"), ("Sun 2", "0", "0"), ("Mon 3", "40", "0")]


def test_days_follow_the_site_time_zone_when_it_is_not_utc(active_version, people):
    store(people, 3, when=datetime(2025, 3, 2, 3, 0, tzinfo=UTC))  # 2 March in UTC, 1 March in New York
    with timezone.override("America/New_York"):
        rows = selectors.predictions_per_day(since=START, until=END)
    assert [(row["day"].day, row["count"]) for row in rows] == [(1, 3)]


def test_the_histogram_buckets_every_row_as_floor_of_ten_p(march):
    counts = selectors.probability_histogram(since=START, until=END)
    by_hand = [0] * 10
    for p in march.values_list("probability", flat=True):
        by_hand[min(math.floor(p * 10), 9)] += 1
    assert counts == by_hand and sum(counts) == 90


def test_a_probability_of_one_counts_in_the_last_bucket(march):
    Prediction.objects.filter(pk=march.first().pk).update(probability=1.0)
    assert selectors.probability_histogram(since=START, until=END)[9] >= 1
    assert sum(selectors.probability_histogram(since=START, until=END)) == 90


def test_share_over_per_version(staff, march, seed_build):
    older = model_version_create(artifact=seed_build.artifact, card=seed_build.card, profile=seed_build.profile)
    moved = list(march.order_by("pk").values_list("pk", flat=True)[:25])
    Prediction.objects.filter(pk__in=moved).update(model_version=older)
    shares = {v["id"]: v for v in selectors.live_quality(since=START, until=END)}
    for version, entry in shares.items():
        rows = march.filter(model_version=version)
        over = rows.filter(label=True).count()
        assert (entry["predictions"], entry["over"]) == (rows.count(), over)
        assert entry["share"] == pytest.approx(over / rows.count())
    assert sorted(v["predictions"] for v in shares.values()) == [25, 65]
    assert "Share predicted over $50K, per model version" in staff.get(URL, RANGE).content.decode()


def test_bars_stack_and_stay_inside_the_plot():
    svg = bars.bar_chart(
        id="bars",
        title="Bars",
        desc="Three days.",
        x_label="Day",
        y_label="Predictions",
        labels=["a", "b", "c"],
        series=[("chart-bar", [1, 0, 6]), ("chart-bar-other", [2, 0, 1])],
    )
    rects = ET.fromstring(svg).findall("{http://www.w3.org/2000/svg}rect")
    assert len(rects) == 4  # a zero draws nothing
    heights = [float(r.get("height")) for r in rects]
    assert heights[1] == pytest.approx(2 * heights[0], abs=0.2) and heights[2] == pytest.approx(6 * heights[0], abs=0.2)
    tops = [float(r.get("y")) for r in rects]
    assert all(y >= charts.TOP and y + h <= charts.BOTTOM + 0.1 for y, h in zip(tops, heights, strict=True))


def test_one_prediction_is_said_as_one():
    svg = per_day_chart({"days": [date(2025, 3, 1)], "counts": {"api": [1]}})
    assert "1 prediction from 2025-03-01 to 2025-03-01: 1 from the API." in svg
