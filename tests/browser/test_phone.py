"""The estimate on a phone (390x844), measured in Chromium on a real server: it never hides the
form, its summary line leads to it, and axe finds nothing at that size. A desktop (1280x900)
keeps the form and the result side by side."""

import pytest
from playwright.sync_api import expect

from tests.browser.phone_steps import PHONE, estimate_shown, open_every_details, sign_in_to_the_dashboard
from tests.browser.test_accessibility import axe_violations, readable

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}


# The share of the viewport under anything fixed or sticky, counted once per such element (so
# an overlap counts twice: the measure can only err towards failing).
COVERED = """() => {
  let covered = 0;
  for (const element of document.querySelectorAll("body *")) {
    const style = getComputedStyle(element);
    if (!["fixed", "sticky"].includes(style.position) || style.display === "none") continue;
    const box = element.getBoundingClientRect();
    const width = Math.min(box.right, innerWidth) - Math.max(box.left, 0);
    const height = Math.min(box.bottom, innerHeight) - Math.max(box.top, 0);
    covered += Math.max(0, width) * Math.max(0, height);
  }
  return covered / (innerWidth * innerHeight);
}"""
# Elements that scroll vertically on their own: a second scroll area inside the page.
SCROLLERS = """() => [...document.querySelectorAll("body *")].filter(element => {
  const overflow = getComputedStyle(element).overflowY;
  return ["auto", "scroll"].includes(overflow) && element.scrollHeight > element.clientHeight + 1;
}).map(element => element.id || element.className || element.tagName)"""
# Is the element's middle the element itself (or inside it), not something drawn over it?
UNCOVERED = """element => {
  const box = element.getBoundingClientRect();
  const top = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
  return element === top || element.contains(top);
}"""


@pytest.fixture
def audit_phone(browser):
    # As test_accessibility's audit_page: axe goes in as an inline script, so only this
    # context bypasses the policy; the phone fixture sees the same states under it.
    context = browser.new_context(viewport=PHONE, bypass_csp=True)
    yield context.new_page()
    context.close()


def test_the_estimate_covers_at_most_a_quarter_of_the_phone_and_no_field(phone, base_url):
    estimate_shown(phone, base_url)
    assert phone.evaluate(COVERED) <= 0.25
    # Whichever field a person moves to, the result is not drawn over it.
    for field in phone.locator(".predict-form input:not([type=hidden]), .predict-form select").all():
        field.focus()
        assert phone.evaluate(COVERED) <= 0.25
        assert field.evaluate(UNCOVERED), f"{field.get_attribute('name')} is covered"
    panel, form = phone.locator("#result-panel"), phone.locator(".predict-form")
    assert panel.evaluate("element => getComputedStyle(element).position") not in ("fixed", "sticky")
    assert panel.bounding_box()["y"] >= form.bounding_box()["y"] + form.bounding_box()["height"]
    assert phone.evaluate(SCROLLERS) == []


def test_the_summary_line_follows_each_answer_and_leads_to_it(phone, base_url):
    posts = []
    phone.on("request", lambda request: posts.append(request.url) if request.method == "POST" else None)
    estimate_shown(phone, base_url, age="30")
    estimate_shown(phone, base_url, age="52")
    assert len(posts) == 2  # the summary came with the panel's answer, not by a request of its own
    summary, panel = phone.locator("#result-summary"), phone.locator("#result-panel")
    # One live region announces the answer; the summary line is not a second one.
    assert phone.locator("[aria-live]").count() == 1 and panel.get_attribute("aria-live") == "polite"
    assert summary.evaluate("element => element.closest('[aria-live], [role=status], [role=alert]')") is None
    summary.get_by_role("link").click()
    expect(panel).to_be_in_viewport()
    assert phone.url.endswith("#result-panel")


def test_an_invalid_field_empties_the_summary_line(phone, base_url):
    estimate_shown(phone, base_url)
    phone.get_by_label("Age").fill("250")
    expect(phone.locator("#id_age_error")).not_to_be_empty()
    expect(phone.locator("#result-summary")).to_be_empty()
    expect(phone.locator("#result-summary")).to_be_hidden()


def test_without_javascript_the_summary_line_leads_to_the_result(browser, base_url):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + "/")
    page.get_by_label("Age").fill("52")
    page.get_by_role("button", name="Predict").click()
    figure = page.locator("#result-panel .big-number").inner_text()
    expect(page.locator("#result-summary")).to_contain_text(figure)
    link = page.locator("#result-summary").get_by_role("link", name="See why")
    assert page.evaluate(COVERED) <= 0.25
    link.click()
    expect(page.locator("#result-panel")).to_be_in_viewport()
    context.close()


def test_a_desktop_keeps_the_result_beside_the_form_and_in_view(browser, base_url):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    estimate_shown(page, base_url)
    form, panel = page.locator(".predict-form").bounding_box(), page.locator("#result-panel").bounding_box()
    assert panel["x"] >= form["x"] + form["width"] and panel["y"] < form["y"] + form["height"]
    expect(page.locator("#result-panel .big-number")).to_be_in_viewport()
    expect(page.locator("#result-summary")).to_be_hidden()
    context.close()


@pytest.mark.parametrize("state", ["estimate", "summary-followed", "model-card", "dashboard"])
def test_axe_finds_no_violations_on_the_phone(audit_phone, base_url, state):
    estimate_shown(audit_phone, base_url)
    if state == "summary-followed":
        audit_phone.locator("#result-summary").get_by_role("link").click()
        expect(audit_phone.locator("#result-panel")).to_be_in_viewport()
    elif state == "model-card":
        audit_phone.goto(base_url + "/model/")
        expect(audit_phone.locator("svg.chart")).to_have_count(3)
        open_every_details(audit_phone)
    elif state == "dashboard":
        sign_in_to_the_dashboard(audit_phone, base_url)
        open_every_details(audit_phone)
    violations = axe_violations(audit_phone)
    assert violations == [], f"axe at 390x844, {state}:\n{readable(violations)}"
