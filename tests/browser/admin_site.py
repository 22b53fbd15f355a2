"""The admin the staff tests use: its addresses, a superuser, twelve predictions made through
the service, and signing in as that staff member at 1280x900."""

from django.conf import settings
from playwright.sync_api import expect

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
