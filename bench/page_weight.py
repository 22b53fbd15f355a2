"""First-visit weight of the form and of the API docs, beside issue 8's 100 KB budget.

A real gunicorn set up as `make serve` sets up production (collectstatic, whitenoise, DEBUG
off) and Debian's Chromium with an empty cache per page. "Over the wire" is what Chromium
received, headers and compressed bodies; "decoded" is the bodies' size once uncompressed.
The budget binds the form only; the docs carry Swagger UI and are shown for scale.

Run: .venv/bin/python bench/page_weight.py
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser.server import CHROMIUM, CHROMIUM_ARGS, running_server  # noqa: E402
from tests.browser.wire import BUDGET, READY, Recorder  # noqa: E402


def main() -> None:
    with running_server() as (base_url, _db), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        print(f"first load, empty cache; budget {BUDGET:,} bytes over the wire")
        print(f"{'page':16}{'requests':>10}{'over the wire':>15}{'decoded':>12}{'of budget':>11}")
        for path, ready in READY.items():
            context = browser.new_context()
            load = Recorder(context.new_page()).load(base_url + path, ready)
            ratio = load.wire_total / BUDGET
            print(f"{path:16}{len(load.wire):>10}{load.wire_total:>15,}{load.raw_total:>12,}{ratio:>10.2f}x")
            context.close()
        browser.close()


if __name__ == "__main__":
    main()
