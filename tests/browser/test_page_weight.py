"""Page weight (issue 8): a first visit to the form costs at most 100 KB over the wire, every
asset is a fingerprinted static file the browser may keep for a year, and a second visit
fetches none of them again. The API docs are held to the same caching rules; their weight
(Swagger UI is big) is recorded, not budgeted.

Real gunicorn, set up as `make serve` sets up production (collectstatic, whitenoise, DEBUG
off), and real Chromium with an empty cache per page.
"""

import re
from urllib.parse import urlsplit

import pytest

from tests.browser.server import running_server
from tests.browser.wire import BUDGET, READY, Recorder

pytestmark = pytest.mark.browser

# ManifestStaticFilesStorage names a file name.<12 hex digits of its MD5>.ext.
FINGERPRINT = re.compile(r"\.[0-9a-f]{12}\.[a-z0-9]+$")
ONE_YEAR = 365 * 24 * 3600
# Already compressed formats, which whitenoise rightly sends as they are.
PRECOMPRESSED = (".png", ".jpg", ".webp", ".woff2")


@pytest.fixture(scope="module")
def base_url():
    with running_server() as (url, _db):
        yield url


def two_loads(browser, base_url, path):
    """Yield the first and second load of one page, in one fresh browser context (so one
    cache), kept open for the responses' headers."""
    context = browser.new_context()
    recorder = Recorder(context.new_page())
    first = recorder.load(base_url + path, READY[path])
    second = recorder.load(base_url + path, READY[path])
    yield first, second
    context.close()


@pytest.fixture(scope="module")
def form_loads(browser, base_url):
    yield from two_loads(browser, base_url, "/")


@pytest.fixture(scope="module")
def docs_loads(browser, base_url):
    yield from two_loads(browser, base_url, "/api/v1/docs")


@pytest.fixture(params=["form_loads", "docs_loads"])
def loads(request):
    return request.getfixturevalue(request.param)


def assets(load):
    """What the page pulled in besides itself and the data its scripts fetch."""
    return [r for r in load.responses if r.request.resource_type not in {"document", "fetch", "xhr"}]


def test_every_asset_is_a_fingerprinted_static_file_cached_for_a_year(loads):
    first, _ = loads
    assert assets(first), "the page loaded no assets: nothing was checked"
    for response in assets(first):
        url_path = urlsplit(response.url).path
        assert url_path.startswith("/static/"), f"loads {url_path} from outside the static files"
        assert FINGERPRINT.search(url_path), f"{url_path} has no content hash in its name"
        cache_control = response.all_headers().get("cache-control", "")
        max_age = re.search(r"max-age=(\d+)", cache_control)
        assert max_age and int(max_age[1]) >= ONE_YEAR, f"{url_path}: Cache-Control {cache_control!r}"
        assert "immutable" in cache_control, f"{url_path}: Cache-Control {cache_control!r}"


def test_text_assets_arrive_compressed(loads):
    first, _ = loads
    for response in assets(first):
        if response.url.endswith(PRECOMPRESSED):
            continue
        headers = response.all_headers()
        assert "gzip" in response.request.all_headers()["accept-encoding"]
        assert headers.get("content-encoding") in {"gzip", "br"}, f"{response.url} came uncompressed"
        # The body as sent against the body as used (a tiny file's headers outweigh either).
        assert int(headers["content-length"]) < first.raw[response.url], response.url


def test_a_second_load_fetches_no_static_file_again(loads):
    first, second = loads
    assert set(second.static()) == set(first.static()), "the second load asked for other static files"
    refetched = {url: size for url, size in second.static().items() if size > 0}
    assert refetched == {}, "fetched again instead of taken from the browser's cache"


def test_a_first_visit_to_the_form_is_within_the_budget(form_loads, record_property):
    first, _ = form_loads
    record_property("form_first_load_bytes", first.wire_total)
    assert first.wire_total <= BUDGET, f"{first.wire_total:,} bytes: {first.wire}"


def test_the_docs_arrive_compressed(docs_loads, record_property):
    """Not budgeted (Swagger UI's bundle alone is ~420 KB gzipped), but compressed, and its
    weight recorded beside the decoded size."""
    first, _ = docs_loads
    record_property("docs_first_load_bytes", first.wire_total)
    record_property("docs_first_load_decoded_bytes", first.raw_total)
    bundle = next(r for r in first.responses if "/swagger-ui-bundle." in r.url)
    assert bundle.all_headers().get("content-encoding") in {"gzip", "br"}
    assert first.wire_total < first.raw_total / 3
