"""What the phone tests share: the phone's size, their staff account, and the steps they take
there (an estimate shown, the dashboard signed into, every <details> opened)."""

from django.conf import settings
from playwright.sync_api import expect

PHONE = {"width": 390, "height": 844}
STAFF = ("staff", "a-password-for-the-phone")


def estimate_shown(page, base_url: str, age: str = "45"):
    """The page after a change of age, once its answer is in (the panel and its summary line)."""
    page.goto(base_url + "/")
    with page.expect_response(lambda response: response.request.method == "POST"):
        page.get_by_label("Age").fill(age)
    # The answer's headers can come before htmx has swapped it in and unfaded the panel.
    expect(page.locator(".predict-form.htmx-request")).to_have_count(0)
    expect(page.locator("#result-panel .big-number")).to_be_visible()
    figure = page.locator("#result-panel .big-number").inner_text()
    expect(page.locator("#result-summary")).to_contain_text(figure)


def sign_in_to_the_dashboard(page, base_url: str, staff: tuple[str, str] = STAFF):
    """Signed in as `staff` (the phone tests' account unless named), the dashboard with
    every chart drawn."""
    page.goto(f"{base_url}/{settings.ADMIN_URL}login/?next=/{settings.ADMIN_URL}dashboard/")
    page.get_by_label("Username").fill(staff[0])
    page.get_by_label("Password").fill(staff[1])
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("svg.chart")).to_have_count(3)


def open_every_details(page):
    for summary in page.locator("details > summary").all():
        summary.click()
