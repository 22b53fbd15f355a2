"""The page and the API docs work from their own server alone, and the form posts without JavaScript."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_the_page_loads_nothing_from_elsewhere_and_logs_no_errors(browser, server):
    """No CDN: htmx and the stylesheet come from this server, so the page works offline."""
    page = browser.new_page()
    requested, problems = [], []
    page.on("request", lambda request: requested.append(request.url))
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(server[0] + "/")
    page.get_by_label("Age").fill("41")
    expect(page.locator("#result-panel .big-number")).to_be_visible()
    assert any("htmx" in url for url in requested)
    assert all(url.startswith(server[0] + "/") for url in requested)
    assert problems == []
    page.close()


def test_without_javascript_the_form_still_posts(browser, server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(server[0] + "/")
    page.get_by_label("Age").fill("52")
    page.get_by_role("button", name="Predict").click()
    expect(page.locator("#result-panel .big-number")).to_be_visible()
    expect(page.get_by_label("Age")).to_have_value("52")
    context.close()


def test_the_api_docs_render_offline_under_the_policy(browser, server):
    page = browser.new_page()
    problems = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.goto(server[0] + "/api/v1/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Census income estimator API")
    expect(page.get_by_text("/api/v1/predictions").first).to_be_visible()
    assert problems == []
    page.close()
