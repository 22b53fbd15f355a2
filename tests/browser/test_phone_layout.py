"""Nothing on a phone (390x844) is wider than the screen, what scrolls sideways can be reached
and is named, and chart titles clear their tick labels, even at the widest counts."""

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from predictor.templatetags import bars, charts
from tests.browser.phone_steps import PHONE, estimate_shown, open_every_details, sign_in_to_the_dashboard
from tests.browser.server import ROOT

pytestmark = pytest.mark.browser

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


def wider_than_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth > window.innerWidth")


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
