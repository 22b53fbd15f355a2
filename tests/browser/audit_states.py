"""The states of the pages a visitor can reach that tests/browser/test_accessibility.py audits,
each with the steps that reach it, and the staff account those steps sign in with."""

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests.browser.batch_steps import MISSING_COLUMNS, TWO_PEOPLE, finished, sign_in, upload
from tests.browser.phone_steps import sign_in_to_the_dashboard


def form_shown(page):
    expect(page.get_by_role("button", name="Predict")).to_be_visible()


def result_shown(page):
    """The panel at its fullest: the figure, the reasons with their bars, what would change it."""
    form_shown(page)
    # The starting person's reasons are already drawn, so wait for the new answer itself:
    # while the request is out the panel is faded (opacity 0.6) and axe would audit that.
    with page.expect_response(lambda response: response.request.method == "POST"):
        page.get_by_label("Age").fill("45")
    expect(page.locator(".predict-form.htmx-request")).to_have_count(0)
    expect(page.locator("#result-panel .reason-bar").first).to_be_visible()


def docs_rendered(page):
    expect(page.locator(".swagger-ui .opblock").first).to_be_visible()


def operation_open(page):
    docs_rendered(page)
    page.locator(".opblock-summary-control").first.click()
    expect(page.locator(".opblock-body").first).to_be_visible()


def operation_tried(page):
    """Swagger UI's richest state: a request sent, its response, curl and headers shown."""
    docs_rendered(page)
    page.locator(".opblock-post .opblock-summary-control").first.click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    expect(page.locator(".live-responses-table").first).to_be_visible()


def authorize_dialog_open(page):
    docs_rendered(page)
    page.get_by_role("button", name="Authorize", exact=True).click()
    expect(page.locator(".modal-ux")).to_be_visible()


def card_shown(page):
    expect(page.locator("svg.chart")).to_have_count(3)


def threshold_refused(page):
    """The card with the threshold control's error showing."""
    card_shown(page)
    page.get_by_role("spinbutton", name="Threshold").fill("2")
    expect(page.locator("#id_threshold_error")).not_to_be_empty()


def login_shown(page):
    expect(page.get_by_role("button", name="Log in")).to_be_visible()


def dashboard_shown(page):
    """The staff dashboard with every chart drawn: one prediction made, then signed in."""
    result_shown(page)
    sign_in_to_the_dashboard(page, page.url.rstrip("/"), STAFF)


def site_login_shown(page):
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()


def upload_form_shown(page):
    sign_in(page, *STAFF)


def upload_refused(page):
    upload_form_shown(page)
    upload(page, MISSING_COLUMNS)
    expect(page.locator("#id_file_error")).to_contain_text("Missing column(s)")


def job_finished(page):
    """A finished job at its fullest: rows scored and refused, both downloads offered."""
    upload_form_shown(page)
    upload(page, TWO_PEOPLE)
    finished(page)
    expect(page.get_by_role("link", name="Download the refused rows with reasons (CSV)")).to_be_visible()


def files_listed(page):
    job_finished(page)
    page.get_by_role("link", name="Score another file").click()
    expect(page.locator(".batch-jobs table")).to_be_visible()


STATES = [
    pytest.param("/", form_shown, id="form"),
    pytest.param("/", result_shown, id="form-with-reasons"),
    pytest.param("/api/v1/docs", docs_rendered, id="docs"),
    pytest.param("/api/v1/docs", operation_open, id="docs-operation-open"),
    pytest.param("/api/v1/docs", operation_tried, id="docs-operation-tried"),
    pytest.param("/api/v1/docs", authorize_dialog_open, id="docs-authorize-dialog"),
    pytest.param(f"/{settings.ADMIN_URL}login/", login_shown, id="admin-login"),
    pytest.param("/model/", card_shown, id="model-card"),
    pytest.param("/model/", threshold_refused, id="model-card-threshold-error"),
    pytest.param("/", dashboard_shown, id="staff-dashboard"),
    pytest.param("/login/?next=/batch/", site_login_shown, id="site-login"),
    pytest.param("/batch/", upload_form_shown, id="batch-upload"),
    pytest.param("/batch/", upload_refused, id="batch-upload-refused"),
    pytest.param("/batch/", job_finished, id="batch-job-finished"),
    pytest.param("/batch/", files_listed, id="batch-files-listed"),
]
STAFF = ("staff", "a-password-for-the-audit")
