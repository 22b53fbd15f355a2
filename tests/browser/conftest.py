"""One Chromium (Debian's, driven by Playwright) for every browser test in a module, and the
servers and pages that tests in more than one module share (a module may define its own)."""

import pytest
from playwright.sync_api import sync_playwright

from tests.browser.admin_site import PEOPLE, STAFF
from tests.browser.phone_steps import PHONE
from tests.browser.phone_steps import STAFF as PHONE_STAFF
from tests.browser.server import CHROMIUM, CHROMIUM_ARGS, manage, running_server, site_env


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def server():
    """(base URL, SQLite path) of a fresh server, set up as `make serve` sets one up."""
    with running_server() as running:
        yield running


@pytest.fixture(scope="module")
def base_url():
    """The base URL of a fresh server where the phone tests' staff member is a superuser."""
    with running_server() as (url, db):
        env = site_env(SQLITE_PATH=str(db), DJANGO_SUPERUSER_PASSWORD=PHONE_STAFF[1])
        manage(env, "createsuperuser", "--noinput", "--username", PHONE_STAFF[0], "--email", "staff@example.com")
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


@pytest.fixture(scope="module")
def site():
    """(base URL, id of the newest prediction) of a server with a superuser and twelve rows."""
    with running_server() as (url, db):
        env = site_env(SQLITE_PATH=str(db), DJANGO_SUPERUSER_PASSWORD=STAFF[1])
        manage(env, "createsuperuser", "--noinput", "--username", STAFF[0], "--email", "staff@example.com")
        newest = int(manage(env, "shell", "-c", PEOPLE).split()[-1])
        yield url, newest
