"""With DEBUG off, as the site runs: a wrong address, a refusal and a failure each get a page
in the site's own style with its header; the API keeps answering JSON."""

import json

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import RequestFactory

from censussite.faults import server_error
from predictor.batch.models import BatchJob
from tests.support.header import header_of

NAME = "Census income estimator"
STYLED = "/static/css/site.css"  # a hashed name under the manifest storage, so the prefix only


@pytest.fixture(autouse=True)
def debug_off():
    assert settings.DEBUG is False  # tests/support/environment.py runs the site as deployed


def styled(html: str) -> bool:
    return STYLED.removesuffix(".css") in html and 'class="error-page"' in html


def test_a_wrong_address_gets_a_styled_404_with_the_header(client, db):
    answer = client.get("/no-such-page/<b>x</b>?y=1")
    html = answer.content.decode()
    assert answer.status_code == 404 and styled(html)
    assert f"<title>Page not found · {NAME}</title>" in html
    assert "Nothing is at <code>/no-such-page/%3Cb%3Ex%3C/b%3E</code>" in html and "<b>" not in html
    header = header_of(html)
    assert header.brand == NAME
    assert header.links["Sign in"] == "/login/?next=%2Fno-such-page%2F%253Cb%253Ex%253C%2Fb%253E%3Fy%3D1"


def test_a_job_that_is_not_there_gets_the_same_page(client, db):
    client.force_login(User.objects.create_user("ada", password="pw-for-tests"))
    answer = client.get("/batch/00000000-0000-0000-0000-000000000000/")
    html = answer.content.decode()
    assert answer.status_code == 404 and styled(html) and "ada" in header_of(html).text


def test_batch_without_the_permission_says_how_to_get_it(client, db):
    client.force_login(User.objects.create_user("bob", password="pw-for-tests"))
    answer = client.get("/batch/")
    html = answer.content.decode()
    assert answer.status_code == 403 and styled(html)
    assert f"<title>Not allowed · {NAME}</title>" in html
    permission = dict(BatchJob._meta.permissions)["run_batch"]
    assert f"Scoring files needs the permission \u201c{permission}\u201d." in html
    assert "ask a\n    staff member" in html and "<strong>bob</strong>" in html
    header = header_of(html)
    assert header.brand == NAME and "Score a file" not in header.links and header.buttons == ["Sign out"]


def test_a_wrong_address_under_the_api_stays_json(client, db):
    answer = client.get("/api/v1/no-such-thing")
    assert answer.status_code == 404 and answer["Content-Type"].startswith("application/json")
    assert answer.json() == {
        "detail": "nothing at /api/v1/no-such-thing; the API is described at /api/v1/docs",
        "errors": [],
    }


def test_the_500_page_has_the_header_and_touches_no_database(django_assert_num_queries, db):
    request = RequestFactory().get("/")
    request.id = "req-123"
    with django_assert_num_queries(0):  # the database may be the very thing that failed
        answer = server_error(request)
    html = answer.content.decode()
    assert answer.status_code == 500 and styled(html) and "req-123" in html
    assert f"<title>Something went wrong · {NAME}</title>" in html
    header = header_of(html)
    # Without a request to ask, the header leaves out whatever depends on who is asking.
    assert header.brand == NAME and list(header.links) == ["Estimate", "About the model", "API"]
    assert header.buttons == []


def test_a_failure_with_a_reason_says_it_on_the_page_and_in_the_api(db):
    page, api = RequestFactory().get("/"), RequestFactory().post("/api/v1/predictions")
    page.id = api.id = "req-9"
    said = server_error(page, reason="the database is read-only, so no prediction can be stored", status=503)
    assert said.status_code == 503
    assert "The database is read-only, so no prediction can be stored just now." in said.content.decode()
    answered = server_error(api, reason="the database is read-only, so no prediction can be stored", status=503)
    assert answered.status_code == 503 and json.loads(answered.content) == {
        "detail": "the database is read-only, so no prediction can be stored; quote request id req-9 to its operator",
        "errors": [],
    }
