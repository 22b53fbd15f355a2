"""The page as a person uses it: Debian's Chromium, driven by Playwright, on a real server."""

import re
import sqlite3

import pytest
from playwright.sync_api import expect

import mlcore
from mlcore.reasons import reasons

pytestmark = pytest.mark.browser


@pytest.fixture
def page(browser, server):
    page = browser.new_page()
    page.goto(server[0] + "/")
    yield page
    page.close()


@pytest.fixture(scope="module")
def percent_for(seed_artifact):
    """What the page should show for the form's defaults with some fields changed.

    The server trains the same default model from the same data, and training is
    deterministic, so the page must show exactly these figures.
    """
    predictor = mlcore.load(seed_artifact.data, seed_artifact.sha256, seed_artifact.metadata)
    defaults = {f.name: f.default for f in predictor.schema.features}

    def percent(**changes) -> str:
        probability = predictor.predict_one({**defaults, **changes})["probability"]
        return f"{round(probability * 100)}%"

    return percent


@pytest.fixture(scope="module")
def reasons_for(seed_artifact):
    """The reasons, in words and in order, that the page should list for the form's
    defaults with some fields changed (worked out by mlcore, as the server does)."""
    predictor = mlcore.load(seed_artifact.data, seed_artifact.sha256, seed_artifact.metadata)
    defaults = {f.name: f.default for f in predictor.schema.features}

    def words(**changes) -> list[str]:
        return [r["words"] for r in reasons(predictor.explainer.explain({**defaults, **changes}))]

    return words


def stored_predictions(db) -> int:
    with sqlite3.connect(db) as connection:
        return connection.execute("select count(*) from predictor_prediction").fetchone()[0]


def count_navigations(page) -> list:
    navigations = []
    page.on("framenavigated", lambda frame: navigations.append(frame.url) if frame == page.main_frame else None)
    return navigations


def test_changing_fields_updates_the_panel_in_place(page, server, percent_for):
    navigations = count_navigations(page)
    before = stored_predictions(server[1])
    figure = page.locator("#result-panel .big-number")

    page.get_by_label("Age").fill("30")
    expect(figure).to_have_text(percent_for(age=30))
    page.get_by_label("Hours per week").fill("60")
    expect(figure).to_have_text(percent_for(age=30, hours_per_week=60))
    page.get_by_label("Marital status").select_option("Never-married")
    expect(figure).to_have_text(percent_for(age=30, hours_per_week=60, marital_status="Never-married"))

    assert navigations == []
    assert stored_predictions(server[1]) == before + 3
    expect(page.locator("#result-panel")).to_contain_text("Model v1")


def test_the_reasons_change_in_place_when_marital_status_changes(page, reasons_for):
    navigations = count_navigations(page)
    listed = page.locator("#result-panel .reason-words")
    page.get_by_label("Marital status").select_option("Never-married")
    expect(listed).to_have_text(reasons_for(marital_status="Never-married"))
    expect(page.locator("#result-panel .reason-lowers")).to_contain_text(["Never married lowers the chance"])
    page.get_by_label("Marital status").select_option("Married-civ-spouse")
    expect(listed).to_have_text(reasons_for(marital_status="Married-civ-spouse"))
    expect(page.locator("#result-panel .reason-raises").first).to_have_text(re.compile("Married raises the chance"))
    # Each reason is drawn as a bar too; the words are what a screen reader reads.
    expect(page.locator("#result-panel .reason-bar rect")).to_have_count(len(reasons_for()))
    assert navigations == []


def test_an_impossible_age_shows_an_inline_error_and_clears_the_result(page, server):
    figure = page.locator("#result-panel .big-number")
    page.get_by_label("Age").fill("45")
    expect(figure).to_be_visible()
    before = stored_predictions(server[1])

    page.get_by_label("Age").fill("250")
    expect(page.locator("#id_age_error")).to_have_text("Enter a whole number from 17 to 90.")
    expect(figure).to_have_count(0)  # no stale figure left beside the error
    expect(page.locator("#result-panel")).to_contain_text("Fix the highlighted field")
    assert stored_predictions(server[1]) == before

    page.get_by_label("Age").fill("46")
    expect(page.locator("#id_age_error")).to_be_empty()
    expect(figure).to_be_visible()


def test_the_predict_button_works_too(page, server, percent_for):
    page.get_by_role("button", name="Predict").click()
    expect(page.locator("#result-panel .big-number")).to_have_text(percent_for())
