"""A client cannot claim HTTPS for itself: real gunicorn, with the site's gunicorn.conf.py,
believes no forwarded header, and Django believes X-Forwarded-Proto only when
DJANGO_TLS_PROXY says a proxy overwrites it (docs/deploying.md, HTTPS)."""

import http.client
from urllib.parse import urlsplit

import pytest

from tests.browser.server import gunicorn, prepare, site_env

CLAIMS = [("X-Forwarded-Proto", "https"), ("X-Forwarded-Ssl", "on"), ("X-Forwarded-Protocol", "ssl")]


def answer(base_url: str, header: tuple[str, str]) -> http.client.HTTPResponse:
    where = urlsplit(base_url)
    connection = http.client.HTTPConnection(where.hostname, where.port, timeout=30)
    connection.request("GET", "/", headers=dict([header]))
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


@pytest.fixture(scope="module")
def prepared(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("https")
    paths = {"SQLITE_PATH": str(tmp / "db.sqlite3"), "DJANGO_STATIC_ROOT": str(tmp / "static")}
    prepare(site_env(**paths))
    return paths


@pytest.mark.parametrize("proxy", ["0", "1"])
def test_forwarded_headers_are_believed_only_as_the_settings_say(prepared, proxy):
    env = site_env(**prepared, DJANGO_HTTPS="1", DJANGO_TLS_PROXY=proxy)
    with gunicorn(env, ready_path="/healthz") as base_url:
        for header in CLAIMS:
            response = answer(base_url, header)
            believed = proxy == "1" and header[0] == "X-Forwarded-Proto"
            if believed:
                assert response.status == 200 and response.getheader("Strict-Transport-Security"), header
            else:  # plain HTTP, whatever the client says: sent to HTTPS, and no HSTS over HTTP
                assert response.status == 301, header
                assert response.getheader("Location").startswith("https://"), header
