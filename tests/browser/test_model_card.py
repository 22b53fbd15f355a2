"""The model card as a person uses it: the threshold control redraws the figures in place."""

import re
import sqlite3

import pytest
from playwright.sync_api import expect

from mlcore import evaluate
from tests.browser.server import running_server

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server():
    with running_server() as running:
        yield running


def expected_at(db, threshold: float) -> dict:
    """What the page must show: at_threshold on the scores the server stored."""
    with sqlite3.connect(db) as connection:
        query = "select test_scores from predictor_modelversion where is_active"
        data = connection.execute(query).fetchone()[0]
    return evaluate.at_threshold(*evaluate.unpack_scores(data), threshold)


def count_of(n: int) -> re.Pattern:
    """A matrix cell's text: the count, with its thousands separators, then its note."""
    return re.compile(rf"^\s*{n:,}(?![\d,])")


def test_changing_the_threshold_redraws_the_matrix_without_a_reload(browser, server):
    url, db = server
    page = browser.new_page()
    problems = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.goto(url + "/model/")
    expect(page.locator("#cell-tp")).to_have_text(count_of(expected_at(db, 0.5)["tp"]))
    page.evaluate("window.samePage = true")  # a reload would lose it

    expected = expected_at(db, 0.3)
    page.get_by_role("spinbutton", name="Threshold").fill("0.3")
    expect(page.locator("#cell-tp")).to_have_text(count_of(expected["tp"]))
    expect(page.locator("#cell-fp")).to_have_text(count_of(expected["fp"]))
    expect(page.locator("#cell-tn")).to_have_text(count_of(expected["tn"]))
    expect(page.locator("#cell-fn")).to_have_text(count_of(expected["fn"]))
    assert page.evaluate("window.samePage") is True
    assert page.url.endswith("/model/?threshold=0.3")  # a reload or a shared link keeps it
    assert problems == []  # nothing blocked by the content security policy
    page.close()


def test_an_invalid_threshold_shows_an_inline_error_then_clears(browser, server):
    url, db = server
    page = browser.new_page()
    page.goto(url + "/model/")
    page.get_by_role("spinbutton", name="Threshold").fill("2")
    expect(page.locator("#id_threshold_error")).to_have_text("Threshold: enter a number from 0.01 to 0.99.")
    expect(page.locator("#cell-tp")).to_have_count(0)
    page.get_by_role("spinbutton", name="Threshold").fill("0.6")
    expect(page.locator("#id_threshold_error")).to_be_empty()
    expect(page.locator("#cell-tp")).to_have_text(count_of(expected_at(db, 0.6)["tp"]))
    page.close()


def test_without_javascript_the_threshold_form_still_works(browser, server):
    url, db = server
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(url + "/model/")
    page.get_by_role("spinbutton", name="Threshold").fill("0.7")
    page.get_by_role("button", name="Recompute").click()
    expect(page.locator("#cell-tp")).to_have_text(count_of(expected_at(db, 0.7)["tp"]))
    expect(page.get_by_role("spinbutton", name="Threshold")).to_have_value("0.7")
    context.close()


def test_the_footer_leads_to_the_card(browser, server):
    page = browser.new_page()
    page.goto(server[0] + "/")
    page.get_by_role("link", name="About the model").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("About the model")
    expect(page.locator("svg.chart")).to_have_count(3)
    page.close()
