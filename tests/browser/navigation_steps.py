"""The navigation tests' accounts and steps: the header's links, signing in through it, and the
checks each page they reach passes (no sideways scrolling, axe's audit)."""

from tests.browser.test_accessibility import axe_violations, readable

NAME = "Census income estimator"
PASSWORD = "a-password-for-the-navigation-test"
USERS = f"""
from django.contrib.auth.models import Permission, User
User.objects.create_superuser("staff", "staff@example.com", {PASSWORD!r})
User.objects.create_user("plain", password={PASSWORD!r})
scorer = User.objects.create_user("scorer", password={PASSWORD!r})
scorer.user_permissions.add(Permission.objects.get(codename="run_batch"))
"""


def header(page):
    return page.get_by_role("banner")


def nav_link(page, name: str):
    return page.get_by_role("navigation", name="Site").get_by_role("link", name=name, exact=True)


def fits(page) -> None:
    """No sideways scrolling: the page is no wider than the screen."""
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), page.url


def sign_in(page, username: str) -> None:
    header(page).get_by_role("link", name="Sign in").click()
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Sign in").click()


def audit(page) -> None:
    violations = axe_violations(page)
    assert violations == [], f"axe on {page.url}:\n{readable(violations)}"
