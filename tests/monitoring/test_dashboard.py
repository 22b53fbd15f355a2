"""The staff dashboard: who may see it, and what it says for a range of days."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.contrib.auth.models import Permission, User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from predictor.models import Outcome
from predictor.monitoring import selectors

from .conftest import END, NAMES, RANGE, URL, store


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


def test_a_to_day_alone_brings_its_thirty_days(staff, march):
    response = staff.get(URL, {"until": "2025-03-03"})
    assert response.context["form"].is_valid()
    assert (response.context["since"], response.context["until"]) == (date(2025, 2, 2), date(2025, 3, 3))
    assert response.context["total"] == 95  # 28 February's five too
