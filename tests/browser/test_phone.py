"""The site on a phone (390x844), measured in Chromium on a real server: the estimate never
hides the form, nothing is wider than the screen, and chart titles clear their tick labels.
A desktop (1280x900) keeps the form and the result side by side."""

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from predictor.templatetags import bars, charts
from tests.browser.server import ROOT, manage, running_server, site_env
from tests.browser.test_accessibility import axe_violations, readable

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
STAFF = ("staff", "a-password-for-the-phone")

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
# Pairs of an axis title and a tick label whose boxes meet, in every chart on the page.
CLASHES = """() => {
  const clashes = [];
  for (const chart of document.querySelectorAll("svg.chart")) {
    const ticks = [...chart.querySelectorAll(".chart-tick")].map(t => [t.textContent, t.getBoundingClientRect()]);
    for (const title of chart.querySelectorAll(".chart-label")) {
      const a = title.getBoundingClientRect();
      for (const [text, b] of ticks) {
        if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) {
          clashes.push(`${chart.id}: "${title.textContent}" meets "${text}"`);
        }
      }
    }
  }
  return clashes;
}"""


@pytest.fixture(scope="module")
def base_url():
    with running_server() as (url, db):
        env = site_env(SQLITE_PATH=str(db), DJANGO_SUPERUSER_PASSWORD=STAFF[1])
        manage(env, "createsuperuser", "--noinput", "--username", STAFF[0], "--email", "staff@example.com")
        yield url


@pytest.fixture
def phone(browser):
    """A phone-sized page under the site's policy, failing the test on any console error."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    problems = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    yield page
    context.close()
    assert problems == []


@pytest.fixture
def audit_phone(browser):
    # As test_accessibility's audit_page: axe goes in as an inline script, so only this
    # context bypasses the policy; the phone fixture sees the same states under it.
    context = browser.new_context(viewport=PHONE, bypass_csp=True)
    yield context.new_page()
    context.close()


def estimate_shown(page, base_url: str, age: str = "45"):
    """The page after a change of age, once its answer is in (the panel and its summary line)."""
    page.goto(base_url + "/")
    with page.expect_response(lambda response: response.request.method == "POST"):
        page.get_by_label("Age").fill(age)
    # The answer's headers can come before htmx has swapped it in and unfaded the panel.
    expect(page.locator(".predict-form.htmx-request")).to_have_count(0)
    expect(page.locator("#result-panel .big-number")).to_be_visible()
    figure = page.locator("#result-panel .big-number").inner_text()
    expect(page.locator("#result-summary")).to_contain_text(figure)


def wider_than_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth > window.innerWidth")


def sign_in_to_the_dashboard(page, base_url: str):
    page.goto(f"{base_url}/{settings.ADMIN_URL}login/?next=/{settings.ADMIN_URL}dashboard/")
    page.get_by_label("Username").fill(STAFF[0])
    page.get_by_label("Password").fill(STAFF[1])
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("svg.chart")).to_have_count(3)


def open_every_details(page):
    for summary in page.locator("details > summary").all():
        summary.click()


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


def test_nothing_is_wider_than_the_phone(phone, base_url):
    estimate_shown(phone, base_url)
    assert not wider_than_the_screen(phone)
    phone.goto(base_url + "/model/")
    expect(phone.locator("svg.chart")).to_have_count(3)
    open_every_details(phone)
    assert not wider_than_the_screen(phone)
    sign_in_to_the_dashboard(phone, base_url)
    open_every_details(phone)
    assert not wider_than_the_screen(phone)


def test_every_box_that_scrolls_sideways_can_be_reached_and_is_named(phone, base_url):
    """What does not fit scrolls in its own box, which a keyboard can reach and a screen
    reader can name (axe's scrollable-region-focusable, checked here on every such box)."""
    estimate_shown(phone, base_url)
    sign_in_to_the_dashboard(phone, base_url)
    for path in ("/model/", f"/{settings.ADMIN_URL}dashboard/"):
        phone.goto(base_url + path)
        open_every_details(phone)
        boxes = phone.locator(".table-scroll, .chart-scroll")
        assert boxes.count() >= 3
        for box in boxes.all():
            assert box.get_attribute("tabindex") == "0" and box.get_attribute("role") == "region"
            assert box.get_attribute("aria-label") or box.get_attribute("aria-labelledby")


def test_axis_titles_clear_the_tick_labels(phone, base_url):
    estimate_shown(phone, base_url)
    phone.goto(base_url + "/model/")
    expect(phone.locator("svg.chart")).to_have_count(3)
    assert phone.evaluate(CLASHES) == []
    sign_in_to_the_dashboard(phone, base_url)
    assert phone.evaluate(CLASHES) == []


def test_axis_titles_clear_even_the_widest_counts(browser):
    """Counts into the millions, as a busy site's dashboard shows, drawn and measured by
    Chromium with the site's own stylesheets."""
    huge = [0, 120_000, 2_400_000, 7_654_321]
    drawn = [
        bars.bar_chart(
            id="counts",
            title="Counts",
            desc="Large counts.",
            x_label="Probability",
            y_label="Predictions",
            labels=[f"{i / 4:g}" for i in range(5)],
            series=[("chart-bar", huge)],
        ),
        bars.bar_chart(
            id="days",
            title="Days",
            desc="Stacked.",
            x_label="Day",
            y_label="Predictions",
            labels=[f"{day} Nov" for day in range(1, 31)],
            series=[("chart-bar", list(range(0, 300_000, 10_000))), ("chart-bar-other", [99_999] * 30)],
            width=720,
        ),
        bars.bar_chart(
            id="share",
            title="Share",
            desc="Shares.",
            x_label="Model version",
            y_label="Share over $50K",
            labels=["v1", "v2"],
            series=[("chart-bar", [0.25, 0.75])],
            top=1,
        ),
        charts.roc_chart([{"fpr": 0, "tpr": 0}, {"fpr": 1, "tpr": 1}], roc_auc=0.5),
    ]
    page = browser.new_page(viewport=PHONE)
    page.set_content("<main>" + "".join(drawn) + "</main>")
    for sheet in ("site.css", "card.css", "dashboard.css"):
        page.add_style_tag(path=ROOT / "static" / "css" / sheet)
    assert page.locator("svg.chart .chart-tick", has_text=re.compile("7,6|8,000,000")).count() >= 1
    assert page.evaluate(CLASHES) == []
    # And the title stays inside its drawing.
    for chart in page.locator("svg.chart").all():
        left = chart.bounding_box()["x"]
        assert all(label.bounding_box()["x"] >= left for label in chart.locator(".chart-label").all())
    page.close()


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
