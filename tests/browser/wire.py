"""What one page load costs over the wire, as Chromium itself counts it.

Chromium's DevTools network log gives, for each request, the bytes it really received
(headers plus the body as sent, so compressed when it was; 0 when its cache answered) and
the body's size once decoded. Playwright's own request sizes come out negative for cached
answers, so the log is the measure; Playwright's responses are kept for their headers.
Used by tests/browser/test_page_weight.py and bench/page_weight.py.
"""

from dataclasses import dataclass, field
from urllib.parse import urlsplit

# Issue 8: a first visit to the form must cost at most 100 KB; the stricter reading (10^3).
BUDGET = 100_000
# What a visitor sees once each measured page is ready: the form, the documented operations
# (Swagger UI draws them only after its script has fetched the OpenAPI schema).
READY = {"/": ".predict-form button[type=submit]", "/api/v1/docs": ".swagger-ui .opblock"}


@dataclass
class Load:
    wire: dict[str, int] = field(default_factory=dict)  # URL: bytes received, 0 if from cache
    raw: dict[str, int] = field(default_factory=dict)  # URL: body bytes after decoding
    responses: list = field(default_factory=list)  # Playwright responses, for their headers

    @property
    def wire_total(self) -> int:
        return sum(self.wire.values())

    @property
    def raw_total(self) -> int:
        return sum(self.raw.values())

    def static(self) -> dict[str, int]:
        return {url: size for url, size in self.wire.items() if urlsplit(url).path.startswith("/static/")}


class Recorder:
    """Records each load of one page; the page's context keeps its cache between loads."""

    def __init__(self, page):
        self.page = page
        self.current = Load()
        self._urls: dict[str, str] = {}  # every request seen, by Chromium's request id
        self._pending: dict[str, str] = {}  # sent, neither finished nor failed yet
        self._raw: dict[str, int] = {}
        session = page.context.new_cdp_session(page)
        session.send("Network.enable")
        session.on("Network.requestWillBeSent", self._sent)
        session.on("Network.dataReceived", self._data)
        session.on("Network.loadingFinished", self._finished)
        session.on("Network.loadingFailed", lambda event: self._pending.pop(event["requestId"], None))
        page.on("response", lambda response: self.current.responses.append(response))

    def load(self, url: str, ready: str) -> Load:
        """Load `url`, wait until the `ready` selector is visible and every request the page
        made has finished, and return what the load cost."""
        self.current = Load()
        self.page.goto(url)
        self.page.locator(ready).first.wait_for()
        # Chromium asks for the icons after the load event, outside Playwright's notion of
        # network idle; poll (each short wait lets Playwright hand over the events in flight)
        # until they and everything else in flight have finished.
        icons = self.page.eval_on_selector_all("link[rel~=icon]", "links => links.map(link => link.href)")
        for _ in range(200):
            if not self._pending and all(icon in self.current.wire for icon in icons):
                return self.current
            self.page.wait_for_timeout(50)
        raise TimeoutError(f"{url}: requests still open after 10 s: {sorted(self._pending.values())}")

    def _sent(self, event: dict) -> None:
        self._urls[event["requestId"]] = self._pending[event["requestId"]] = event["request"]["url"]
        self._raw[event["requestId"]] = 0

    def _data(self, event: dict) -> None:
        self._raw[event["requestId"]] = self._raw.get(event["requestId"], 0) + event["dataLength"]

    def _finished(self, event: dict) -> None:
        self._pending.pop(event["requestId"], None)
        url = self._urls.get(event["requestId"])
        if url is None:  # began before this recorder listened
            return
        self.current.wire[url] = self.current.wire.get(url, 0) + int(event["encodedDataLength"])
        self.current.raw[url] = self.current.raw.get(url, 0) + self._raw.pop(event["requestId"], 0)
