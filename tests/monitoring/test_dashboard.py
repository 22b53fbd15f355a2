"""The staff dashboard: who may see it, and every figure against a count made by hand."""

import math
import re
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime, timedelta

import pytest
from django.contrib.auth.models import Permission, User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import mlcore
from predictor.models import Outcome, Prediction
from predictor.monitoring import selectors
from predictor.monitoring.templatetags.dashboard import per_day_chart
from predictor.services import model_version_create, predictions_create
from predictor.templatetags import bars, charts
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


def test_staff_see_the_dashboard_linked_from_the_admin_index(staff, march):
    assert URL in staff.get("/admin/").content.decode()
    response = staff.get(URL, RANGE)
    html = response.content.decode()
    assert "<h1>Monitoring dashboard</h1>" in html and html.count('class="chart"') == 3
    assert [row["feature"] for row in response.context["drift"]] == NAMES  # the schema's order, on any database
    assert "90 predictions from 1 Mar 2025 to 3 Mar 2025" in html


def test_ticked_sources_are_counted_alone(staff, march):
    html = staff.get(URL, {**RANGE, "source": ["web"]}).content.decode()
    assert "70 predictions from 1 Mar 2025 to 3 Mar 2025, both days included,\n  from the web form only" in html
    assert staff.get(URL, {**RANGE, "source": ["web"]}).context["total"] == 70
    assert staff.get(URL, {**RANGE, "source": ["api"]}).context["total"] == 20
    assert staff.get(URL, {**RANGE, "source": ["web", "api", "batch"]}).context["sources"] is None  # all of them
    refused = staff.get(URL, {**RANGE, "source": ["phone"]})
    assert refused.status_code == 200 and "Sources: pick from web, api, batch." in refused.content.decode()


def test_anonymous_is_sent_to_login_and_other_users_are_refused(client, db):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    client.force_login(User.objects.create_user("visitor", password="pw-for-tests"))
    assert client.get(URL).status_code == 302  # not staff: the admin's sign-in again
    User.objects.filter(username="visitor").update(is_staff=True)
    assert client.get(URL).status_code == 403  # staff, but may not view predictions
    user = User.objects.get(username="visitor")
    user.user_permissions.add(Permission.objects.get(codename="view_prediction"))
    assert client.get(URL).status_code == 200


def test_a_site_with_no_model_and_no_predictions_still_renders(staff):
    html = staff.get(URL).content.decode()
    assert "No predictions in these days" in html and "No model is active" in html


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


def test_the_range_counts_its_own_days_only(staff, march):
    html = staff.get(URL, {"since": "2025-03-02", "until": "2025-03-04"}).content.decode()
    assert "47 predictions from 2 Mar 2025 to 4 Mar 2025" in html
    assert sum(selectors.probability_histogram(since=END - timedelta(days=2), until=END)) == 40


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"since": "yesterday"}, "From: enter a date as YYYY-MM-DD"),
        ({"until": "2025-02-30"}, "To: enter a date as YYYY-MM-DD"),
        ({"since": ""}, "From: enter a date as YYYY-MM-DD"),
        ({"until": "9999-12-31"}, "To: enter a date as YYYY-MM-DD"),
        ({"until": "0001-01-01"}, "To: enter a date as YYYY-MM-DD"),
        ({"since": "0001-01-01", "until": "0001-01-02"}, "From: enter a date as YYYY-MM-DD"),
        ({"since": "2025-03-05", "until": "2025-03-01"}, "To: pick a day on or after"),
        ({"since": "2020-01-01", "until": "2025-01-01"}, "To: pick a range of at most 366 days"),
    ],
)
def test_bad_dates_are_named_never_a_server_error(staff, db, query, message):
    response = staff.get(URL, query)
    html = response.content.decode()
    assert response.status_code == 200 and message in html
    assert "Fix the choices above" in html and 'class="chart"' not in html


def test_live_quality_waits_for_enough_outcomes(staff, active_version, people):
    ids = store(people, 80, when=datetime.now(UTC))
    assert "too few outcomes" in staff.get(URL).content.decode()
    truth = people["y"].head(80).tolist()
    Outcome.objects.bulk_create(
        Outcome(prediction_id=pk, earns_over_50k=bool(y), recorded_by="tests") for pk, y in zip(ids, truth, strict=True)
    )
    (quality,) = staff.get(URL).context["quality"]
    assert quality["outcomes"] == 80 and quality["accuracy"] is not None


def test_the_number_of_queries_does_not_grow_with_the_rows(staff, active_version, people):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert staff.get(URL).status_code == 200
        return len(captured)

    store(people, 10, when=datetime.now(UTC))
    staff.get(URL)  # the first request loads the model and caches content types
    few = queries()
    store(people, 990, when=datetime.now(UTC))
    assert queries() == few and few < 25  # 17 when written


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


def test_a_to_day_alone_brings_its_thirty_days(staff, march):
    response = staff.get(URL, {"until": "2025-03-03"})
    assert response.context["form"].is_valid()
    assert (response.context["since"], response.context["until"]) == (date(2025, 2, 2), date(2025, 3, 3))
    assert response.context["total"] == 95  # 28 February's five too
