"""Arriving at the page in Chromium: an estimate is there before anything is typed, and
looking at it stores nothing."""

import sqlite3

import pytest
from playwright.sync_api import expect

import mlcore
from tests.browser.server import running_server

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server():
    with running_server() as running:
        yield running


@pytest.fixture(scope="module")
def starting_answer(seed_artifact):
    """What the page should show for the person the form starts with: the server trains the
    same default model from the same data, deterministically."""
    predictor = mlcore.load(seed_artifact.data, seed_artifact.sha256, seed_artifact.metadata)
    person = {f.name: f.default for f in predictor.schema.features}
    probability = predictor.predict_one(person)["probability"]
    return f"{round(probability * 100)}%", [c["words"] + "." for c in predictor.what_would_change(person)]


def stored_predictions(db) -> int:
    with sqlite3.connect(db) as connection:
        return connection.execute("select count(*) from predictor_prediction").fetchone()[0]


@pytest.mark.parametrize("javascript", [True, False])
def test_arriving_shows_a_percentage_and_stores_no_row(browser, server, starting_answer, javascript):
    percent, changes = starting_answer
    assert changes  # the starting person has something to change, so the list is compared
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    page.goto(server[0] + "/")
    expect(page.locator("#result-panel .big-number")).to_have_text(percent)
    expect(page.locator("#result-panel .reason-words")).to_have_count(7)
    expect(page.locator("#result-panel .change-list li")).to_have_text(changes)
    expect(page.locator("#result-panel .result-empty")).to_have_count(0)
    page.reload()
    expect(page.locator("#result-panel .big-number")).to_have_text(percent)
    assert stored_predictions(server[1]) == 0
    context.close()
