"""The admin as a staff member reads it, in Chromium at 1280x900 on a real server: one line per
prediction, plain words and no census codes, and an outcome confirmed before it is recorded."""

import pytest
from playwright.sync_api import expect

from tests.browser.admin_site import HISTORY, signed_in

pytestmark = pytest.mark.browser

# Census codes that have words of their own, as the seed rows and the filters would show them.
CODES = ["Married-civ-spouse", "Self-emp-inc", "Never-married", "State-gov", "HS-grad", "Some-college", "Masters"]


@pytest.fixture
def page(browser, site):
    """Signed in, under the site's CSP; the test fails on any console error (a CSP violation
    among them), uncaught error or failed request, as tests/browser/test_batch.py does."""
    page = signed_in(browser, site[0])
    problems = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("response", lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    yield page
    page.context.close()
    assert problems == []


def readable_text(page) -> str:
    """What a person can read: the page's text and the titles shown on hover."""
    titles = page.eval_on_selector_all("[title]", "nodes => nodes.map(n => n.title)")
    return page.locator("body").inner_text() + "\n".join(titles)


def test_a_history_row_is_one_line_in_words(page, site):
    page.goto(site[0] + HISTORY)
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(12)
    heights = [box["height"] for box in (rows.nth(i).bounding_box() for i in range(12))]
    assert max(heights) <= 40, heights
    results = page.locator(".results")
    width, room = results.evaluate("node => [node.scrollWidth, node.clientWidth]")
    assert width <= room, f"the table scrolls sideways: {width} px in {room}"
    inputs = rows.first.locator(".field-inputs_summary .one-line")
    expect(inputs).to_have_text(
        "Age 41, Self-employed (incorporated), Master's degree, Married, White, Male, 60 hours a week"
    )
    expect(inputs).to_have_attribute(
        "title",
        "Age: 41; Employer type: Self-employed (incorporated); "
        "Education: Master's degree; Marital status: Married; Race: White; Sex: Male; "
        "Hours per week: 60",
    )
    shown = readable_text(page)
    assert [code for code in CODES if code in shown] == []


def test_a_filter_in_words_finds_the_married(page, site):
    page.goto(site[0] + HISTORY)
    page.locator("#changelist-filter").get_by_role("link", name="Married", exact=True).click()
    expect(page.locator("#result_list tbody tr")).to_have_count(12)
    page.locator("#changelist-filter").get_by_role("link", name="Never married").click()
    expect(page.locator("#result_list tbody tr")).to_have_count(0)
    assert [code for code in CODES if code in readable_text(page)] == []


def test_an_outcome_is_chosen_confirmed_and_recorded(page, site):
    base_url, newest = site
    page.goto(f"{base_url}{HISTORY}{newest}/change/")
    expect(page.get_by_text("Not recorded yet.")).to_be_visible()
    page.get_by_role("link", name="Record it").click()
    answer = page.get_by_label("What the person earned")
    expect(answer).to_have_value("")  # nothing chosen for the staff member
    answer.select_option(label="Income over $50K")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".outcome-question")).to_have_text(
        f"Record income over $50K as the outcome of prediction #{newest}?", use_inner_text=True
    )
    expect(page.get_by_role("cell", name="Married", exact=True)).to_be_visible()
    page.get_by_role("button", name="Yes, record it").click()
    expect(page.locator("#result_list")).to_contain_text("Income over $50K")
    page.goto(f"{base_url}{HISTORY}{newest}/change/")
    expect(page.get_by_text("Income over $50K, recorded")).to_be_visible()
