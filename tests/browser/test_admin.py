"""The admin as a staff member reads it, in Chromium at 1280x900 on a real server: one line per
prediction, plain words and no census codes, an outcome confirmed before it is recorded,
and axe's audit on each of those pages."""

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests.browser.server import manage, running_server, site_env
from tests.browser.test_accessibility import axe_violations, readable

pytestmark = pytest.mark.browser

STAFF = ("staff", "a-password-for-the-admin-test")
ADMIN = f"/{settings.ADMIN_URL}"
HISTORY = f"{ADMIN}predictor/prediction/"
# Twelve people through the service, all married, the first with an outcome, the last asked for by a key.
PEOPLE = """
from predictor.models import Prediction
from predictor.services import api_key_create, outcome_record, prediction_create
person = {"age": 52, "workclass": "Self-emp-inc", "education": "Masters", "marital_status": "Married-civ-spouse",
          "race": "White", "sex": "Male", "hours_per_week": 60}
for age in range(30, 42):
    made = prediction_create(inputs={**person, "age": age}, source="web")
    if age == 30:
        outcome_record(prediction=Prediction.objects.get(pk=made.id), earns_over_50k=False, by="staff staff")
key, _ = api_key_create(name="billing", scopes=["predict", "read"], by="staff")
Prediction.objects.filter(pk=made.id).update(api_key=key, source="api")
print(made.id)
"""
# Census codes that have words of their own, as the seed rows and the filters would show them.
CODES = ["Married-civ-spouse", "Self-emp-inc", "Never-married", "State-gov", "HS-grad", "Some-college", "Masters"]


@pytest.fixture(scope="module")
def site():
    """(base URL, id of the newest prediction) of a server with a superuser and twelve rows."""
    with running_server() as (url, db):
        env = site_env(SQLITE_PATH=str(db), DJANGO_SUPERUSER_PASSWORD=STAFF[1])
        manage(env, "createsuperuser", "--noinput", "--username", STAFF[0], "--email", "staff@example.com")
        newest = int(manage(env, "shell", "-c", PEOPLE).split()[-1])
        yield url, newest


def signed_in(browser, base_url: str, bypass_csp: bool = False):
    # axe goes in as an inline script, which the site's CSP blocks: the audit's context
    # bypasses the policy (tests/browser/test_accessibility.py checks the pages under it).
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=bypass_csp)
    page = context.new_page()
    page.goto(f"{base_url}{ADMIN}login/?next={ADMIN}")
    page.get_by_label("Username").fill(STAFF[0])
    page.get_by_label("Password").fill(STAFF[1])
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("link", name="Predictions")).to_be_visible()
    return page


@pytest.fixture
def page(browser, site):
    """Signed in, under the site's CSP; the test fails on any console error (a CSP violation
    among them), uncaught error or failed request, as tests/browser/test_batch.py does."""
    page = signed_in(browser, site[0])
    problems = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("response", lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    yield page
    page.context.close()
    assert problems == []


@pytest.fixture
def audit_page(browser, site):
    page = signed_in(browser, site[0], bypass_csp=True)
    yield page
    page.context.close()


def readable_text(page) -> str:
    """What a person can read: the page's text and the titles shown on hover."""
    titles = page.eval_on_selector_all("[title]", "nodes => nodes.map(n => n.title)")
    return page.locator("body").inner_text() + "\n".join(titles)


def test_a_history_row_is_one_line_in_words(page, site):
    page.goto(site[0] + HISTORY)
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(12)
    heights = [box["height"] for box in (rows.nth(i).bounding_box() for i in range(12))]
    assert max(heights) <= 40, heights
    results = page.locator(".results")
    width, room = results.evaluate("node => [node.scrollWidth, node.clientWidth]")
    assert width <= room, f"the table scrolls sideways: {width} px in {room}"
    inputs = rows.first.locator(".field-inputs_summary .one-line")
    expect(inputs).to_have_text(
        "Age 41, Self-employed (incorporated), Master's degree, Married, White, Male, 60 hours a week"
    )
    expect(inputs).to_have_attribute(
        "title",
        "Age: 41; Employer type: Self-employed (incorporated); "
        "Education: Master's degree; Marital status: Married; Race: White; Sex: Male; "
        "Hours per week: 60",
    )
    shown = readable_text(page)
    assert [code for code in CODES if code in shown] == []


def test_a_filter_in_words_finds_the_married(page, site):
    page.goto(site[0] + HISTORY)
    page.locator("#changelist-filter").get_by_role("link", name="Married", exact=True).click()
    expect(page.locator("#result_list tbody tr")).to_have_count(12)
    page.locator("#changelist-filter").get_by_role("link", name="Never married").click()
    expect(page.locator("#result_list tbody tr")).to_have_count(0)
    assert [code for code in CODES if code in readable_text(page)] == []


def test_an_outcome_is_chosen_confirmed_and_recorded(page, site):
    base_url, newest = site
    page.goto(f"{base_url}{HISTORY}{newest}/change/")
    expect(page.get_by_text("Not recorded yet.")).to_be_visible()
    page.get_by_role("link", name="Record it").click()
    answer = page.get_by_label("What the person earned")
    expect(answer).to_have_value("")  # nothing chosen for the staff member
    answer.select_option(label="Income over $50K")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".outcome-question")).to_have_text(
        f"Record income over $50K as the outcome of prediction #{newest}?", use_inner_text=True
    )
    expect(page.get_by_role("cell", name="Married", exact=True)).to_be_visible()
    page.get_by_role("button", name="Yes, record it").click()
    expect(page.locator("#result_list")).to_contain_text("Income over $50K")
    page.goto(f"{base_url}{HISTORY}{newest}/change/")
    expect(page.get_by_text("Income over $50K, recorded")).to_be_visible()


def history_list(page, base_url, newest):
    page.goto(base_url + HISTORY)
    expect(page.locator("#result_list tbody tr").first).to_be_visible()


def history_detail(page, base_url, newest):
    page.goto(f"{base_url}{HISTORY}{newest - 1}/change/")
    expect(page.get_by_role("rowheader", name="Hours per week")).to_be_visible()


def outcome_form(page, base_url, newest):
    page.goto(f"{base_url}{ADMIN}predictor/outcome/add/?prediction={newest - 2}")
    expect(page.get_by_label("What the person earned")).to_be_visible()


def outcome_confirmation(page, base_url, newest):
    outcome_form(page, base_url, newest)
    page.get_by_label("What the person earned").select_option(label="Income $50K or less")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("button", name="Yes, record it")).to_be_visible()


def outcome_correction(page, base_url, newest):
    page.goto(f"{base_url}{ADMIN}predictor/outcome/{newest - 11}/change/")
    expect(page.get_by_label("What the person earned")).to_have_value("False")


def outcomes_listed(page, base_url, newest):
    page.goto(f"{base_url}{ADMIN}predictor/outcome/")
    expect(page.locator("#result_list")).to_contain_text("Income $50K or less")


def key_detail(page, base_url, newest):
    page.goto(f"{base_url}{ADMIN}predictor/apikey/1/change/")
    expect(page.get_by_role("rowheader", name="predict", exact=True)).to_be_visible()


def version_detail(page, base_url, newest):
    page.goto(f"{base_url}{ADMIN}predictor/modelversion/1/change/")
    expect(page.get_by_role("rowheader", name="ROC AUC")).to_be_visible()


def key_created(page, base_url, newest):
    page.goto(f"{base_url}{ADMIN}predictor/apikey/add/")
    page.get_by_label("Name").fill("audit")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".api-key-secret")).to_be_visible()


@pytest.mark.parametrize(
    "reach",
    [
        *(history_list, history_detail, outcome_form, outcome_confirmation, outcome_correction, outcomes_listed),
        *(version_detail, key_detail, key_created),
    ],
)
def test_axe_finds_no_violations(audit_page, site, reach):
    reach(audit_page, *site)
    violations = axe_violations(audit_page)
    assert violations == [], f"axe on {reach.__name__}:\n{readable(violations)}"
