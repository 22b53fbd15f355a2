"""Each admin page a staff member reads or fills in passes axe's audit, in Chromium at 1280x900."""

import pytest
from playwright.sync_api import expect

from tests.browser.admin_site import ADMIN, HISTORY, signed_in
from tests.browser.test_accessibility import axe_violations, readable

pytestmark = pytest.mark.browser


@pytest.fixture
def audit_page(browser, site):
    page = signed_in(browser, site[0], bypass_csp=True)
    yield page
    page.context.close()


def history_list(page, base_url, newest):
    page.goto(base_url + HISTORY)
    expect(page.locator("#result_list tbody tr").first).to_be_visible()


def history_detail(page, base_url, newest):
    page.goto(f"{base_url}{HISTORY}{newest - 1}/change/")
    expect(page.get_by_role("rowheader", name="Hours per week")).to_be_visible()


def outcome_form(page, base_url, newest):
    page.goto(f"{base_url}{ADMIN}predictor/outcome/add/?prediction={newest - 2}")
    expect(page.get_by_label("What the person earned")).to_be_visible()


def outcome_confirmation(page, base_url, newest):
    outcome_form(page, base_url, newest)
    page.get_by_label("What the person earned").select_option(label="Income $50K or less")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("button", name="Yes, record it")).to_be_visible()


def outcome_correction(page, base_url, newest):
    page.goto(f"{base_url}{ADMIN}predictor/outcome/{newest - 11}/change/")
    expect(page.get_by_label("What the person earned")).to_have_value("False")


def outcomes_listed(page, base_url, newest):
    page.goto(f"{base_url}{ADMIN}predictor/outcome/")
    expect(page.locator("#result_list")).to_contain_text("Income $50K or less")


def key_detail(page, base_url, newest):
    page.goto(f"{base_url}{ADMIN}predictor/apikey/1/change/")
    expect(page.get_by_role("rowheader", name="predict", exact=True)).to_be_visible()


def version_detail(page, base_url, newest):
    page.goto(f"{base_url}{ADMIN}predictor/modelversion/1/change/")
    expect(page.get_by_role("rowheader", name="ROC AUC")).to_be_visible()


def key_created(page, base_url, newest):
    page.goto(f"{base_url}{ADMIN}predictor/apikey/add/")
    page.get_by_label("Name").fill("audit")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".api-key-secret")).to_be_visible()


@pytest.mark.parametrize(
    "reach",
    [
        *(history_list, history_detail, outcome_form, outcome_confirmation, outcome_correction, outcomes_listed),
        *(version_detail, key_detail, key_created),
    ],
)
def test_axe_finds_no_violations(audit_page, site, reach):
    reach(audit_page, *site)
    violations = axe_violations(audit_page)
    assert violations == [], f"axe on {reach.__name__}:\n{readable(violations)}"
