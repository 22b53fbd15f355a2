"""Every page a visitor can reach passes axe-core's audit, in Chromium, on a real server.

axe-core comes from npm (package.json; `npm ci` installs it). Without it these tests fail
rather than skip, so a machine that lost it cannot pass the suite unaudited.
"""

import pytest

from tests.browser.audit_states import STAFF, STATES
from tests.browser.server import ROOT, manage, running_server, site_env

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.0, 2.1 and 2.2 at levels A and AA, and axe's best practices (one <main>, an <h1>...).
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


@pytest.fixture(scope="module")
def base_url():
    with running_server(worker=True) as (url, db):  # the worker finishes the batch states' jobs
        env = site_env(SQLITE_PATH=str(db), DJANGO_SUPERUSER_PASSWORD=STAFF[1])
        manage(env, "createsuperuser", "--noinput", "--username", STAFF[0], "--email", "staff@example.com")
        yield url


@pytest.fixture
def page(browser):
    page = browser.new_page()
    yield page
    page.close()


@pytest.fixture
def audit_page(browser):
    # Playwright's add_script_tag(path=...) inserts axe as an inline <script>, which the site's
    # CSP (default-src 'self', nothing inline) blocks; so this context, and only this one,
    # bypasses the CSP. test_the_audited_states_work_under_the_policy checks the same
    # pages with the policy in force, so nothing audited here renders only because of the bypass.
    context = browser.new_context(bypass_csp=True)
    yield context.new_page()
    context.close()


def axe_violations(page) -> list[dict]:
    assert AXE.is_file(), f"{AXE.relative_to(ROOT)} is missing: run `npm ci` in {ROOT}"
    page.add_script_tag(path=AXE)
    options = "{runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']}"
    return page.evaluate(f"tags => axe.run(document, {options}).then(results => results.violations)", TAGS)


def readable(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        lines += [f"    {' '.join(map(str, node['target']))}" for node in violation["nodes"]]
    return "\n".join(lines)


@pytest.mark.parametrize(("path", "reach"), STATES)
def test_axe_finds_no_violations(audit_page, base_url, path, reach):
    audit_page.goto(base_url + path)
    reach(audit_page)
    violations = axe_violations(audit_page)
    assert violations == [], f"axe on {path}, {reach.__name__}:\n{readable(violations)}"


@pytest.mark.parametrize(("path", "reach"), STATES)
def test_the_audited_states_work_under_the_policy(page, base_url, path, reach):
    """The same states with the CSP in force: no violation reports, no failed requests (the
    admin's favicon among them)."""
    problems = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on(
        "response",
        lambda response: problems.append(f"{response.status} {response.url}") if response.status >= 400 else None,
    )
    page.goto(base_url + path)
    reach(page)
    assert problems == []
