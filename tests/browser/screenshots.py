"""`make screenshots`: pictures of the page with a result, at desktop and phone widths, and
of the model card."""

from pathlib import Path

from playwright.sync_api import expect, sync_playwright

from tests.browser.server import CHROMIUM, CHROMIUM_ARGS, ROOT, running_server

SIZES = {"desktop": {"width": 1280, "height": 860}, "phone": {"width": 390, "height": 1400}}


def main() -> None:
    out = ROOT / "docs"
    out.mkdir(exist_ok=True)
    with running_server() as (base_url, _db), sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for name, size in SIZES.items():
            page = browser.new_page(viewport=size, device_scale_factor=1)
            page.goto(base_url + "/")
            page.get_by_label("Education").select_option("Bachelors")
            page.get_by_label("Hours per week").fill("45")
            expect(page.locator(".big-number")).to_be_visible()
            path = Path(out / f"screenshot-{name}.png")
            page.screenshot(path=path, full_page=True)
            print(f"wrote {path.relative_to(ROOT)}")
        page = browser.new_page(viewport=SIZES["desktop"], device_scale_factor=1)
        page.goto(base_url + "/model/")
        expect(page.locator("svg").first).to_be_visible()
        path = Path(out / "screenshot-model-card.png")
        page.screenshot(path=path, full_page=True)
        print(f"wrote {path.relative_to(ROOT)}")
        browser.close()


if __name__ == "__main__":
    main()
