"""Finding one's way around, in Chromium on a real server with DEBUG off: the header walked
with the mouse and the keyboard at a desktop's and a phone's size, signing in and out, the
error pages, and a finished batch job's page, each audited by axe."""

import pytest
from playwright.sync_api import expect

from predictor.batch.selectors import PREVIEW_ROWS
from tests.batch.steps import split_lines
from tests.browser.batch_steps import finished, upload
from tests.browser.navigation_steps import NAME, PASSWORD, USERS, audit, fits, header, nav_link, sign_in
from tests.browser.server import gunicorn, manage, prepare, site_env
from tests.browser.worker import batch_worker

pytestmark = pytest.mark.browser

SIZES = [
    pytest.param({"width": 1280, "height": 900}, id="desktop"),
    pytest.param({"width": 390, "height": 844}, id="phone"),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """(url, env) of a fresh server with three accounts; no batch worker until a test starts one."""
    tmp = tmp_path_factory.mktemp("navigation-site")
    paths = {"SQLITE_PATH": str(tmp / "db.sqlite3"), "DJANGO_STATIC_ROOT": str(tmp / "static")}
    env = site_env(**paths, BATCH_DIR=str(tmp / "batch"))
    prepare(env)
    manage(env, "shell", "-c", USERS)
    with gunicorn(env) as url:
        yield url, env


@pytest.fixture(params=SIZES)
def context(browser, request):
    # axe is added as an inline script, which the site's policy forbids; test_accessibility.py
    # checks the same kind of pages with the policy in force.
    context = browser.new_context(viewport=request.param, bypass_csp=True)
    yield context
    context.close()


@pytest.fixture
def page(context):
    return context.new_page()


def test_a_visitor_walks_the_header_and_signs_in_and_out(page, server):
    url = server[0]
    page.goto(url + "/")
    expect(header(page).get_by_role("link", name=NAME)).to_be_visible()
    expect(nav_link(page, "Score a file")).to_have_count(0)
    fits(page)
    nav_link(page, "About the model").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("About the model")
    expect(nav_link(page, "About the model")).to_have_attribute("aria-current", "page")
    fits(page)
    nav_link(page, "API").click()
    expect(page.locator(".swagger-ui .info .title")).to_contain_text(f"{NAME} API")
    page.go_back()
    sign_in(page, "scorer")  # from the card: back to the card
    expect(page).to_have_url(url + "/model/")
    expect(header(page)).to_contain_text("scorer")
    nav_link(page, "Score a file").click()
    expect(page.get_by_role("heading", name="Score a file of people")).to_be_visible()
    fits(page)
    header(page).get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(url + "/")
    expect(header(page).get_by_role("link", name="Sign in")).to_be_visible()
    expect(nav_link(page, "Score a file")).to_have_count(0)


def test_staff_get_the_admin_and_the_dashboard(page, server):
    page.goto(server[0] + "/login/")
    page.get_by_label("Username").fill("staff")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(server[0] + "/")  # no `next`: the form, which answers everyone
    fits(page)
    audit(page)
    nav_link(page, "Dashboard").click()
    expect(page.get_by_role("heading", name="Monitoring dashboard")).to_be_visible()
    page.go_back()
    nav_link(page, "Admin").click()
    expect(page.locator("#site-name")).to_have_text(NAME)
    expect(page).to_have_title(f"Site administration · {NAME}")


def test_the_header_is_reached_with_the_keyboard(page, server):
    page.goto(server[0] + "/model/")
    focused = []
    for _ in range(6):
        page.keyboard.press("Tab")
        focused.append(page.evaluate("document.activeElement.textContent.trim()"))
    assert focused == [NAME, "Estimate", "About the model", "API", "Sign in", focused[5]]
    assert focused[5] not in focused[:5]  # and on into the page
    for _ in range(2):
        page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")  # on "API"
    expect(page).to_have_url(server[0] + "/api/v1/docs")


def test_a_wrong_address_gets_the_styled_404(page, server):
    answer = page.goto(server[0] + "/no-such-page/")
    assert answer.status == 404
    expect(page).to_have_title(f"Page not found · {NAME}")
    expect(page.get_by_role("heading", level=1)).to_have_text("There is no page at this address")
    expect(nav_link(page, "Estimate")).to_be_visible()
    fits(page)
    audit(page)


def test_batch_without_the_permission_gets_the_styled_403(page, server):
    page.goto(server[0] + "/batch/")
    page.get_by_label("Username").fill("plain")
    page.get_by_label("Password").fill(PASSWORD)
    with page.expect_response(lambda response: response.url == server[0] + "/batch/") as answer:
        page.get_by_role("main").get_by_role("button", name="Sign in").click()
    assert answer.value.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account may not open this page")
    expect(page.get_by_role("main")).to_contain_text("Can score a CSV file of people in the browser")
    expect(header(page)).to_contain_text("plain")
    fits(page)
    audit(page)


def test_a_finished_job_shows_its_rows_and_announces_the_end(page, server):
    page.goto(server[0] + "/batch/")
    page.get_by_label("Username").fill("scorer")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Sign in").click()
    # UCI's own layout, all 15 columns and the answer's 7: wider than any phone.
    upload(page, "\n".join([*split_lines()[:14], "250" + split_lines()[14][2:]]) + "\n")
    status = page.get_by_role("status")
    expect(page.get_by_role("heading", name="people.csv")).to_be_visible()
    expect(status).to_have_text("")  # there, and quiet, before the end
    with batch_worker(server[1]):
        finished(page)
    expect(status).to_have_text("Scoring people.csv finished: 14 rows scored, 1 refused.")
    box = page.get_by_role("region", name=f"The first {PREVIEW_ROWS} scored rows")
    expect(box.get_by_role("row")).to_have_count(PREVIEW_ROWS + 1)  # and the header
    expect(box.get_by_role("columnheader", name="probability")).to_be_attached()
    expect(page.locator(".over-figure")).to_contain_text("of 14 scored rows.")
    fits(page)  # on a phone the table scrolls inside its own box, not the page
    if page.viewport_size["width"] < 500:
        assert box.evaluate("box => box.scrollWidth > box.clientWidth")
    audit(page)
