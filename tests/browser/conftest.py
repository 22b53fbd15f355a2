"""One Chromium (Debian's, driven by Playwright) for every browser test in a module."""

import pytest
from playwright.sync_api import sync_playwright

from tests.browser.server import CHROMIUM, CHROMIUM_ARGS


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
