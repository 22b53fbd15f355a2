"""HEAD on the API answers as GET does, headers and checks alike, with no body."""

import pytest

from .conftest import PREDICTIONS, bearer, make_key


def test_head_on_the_model_has_the_get_headers_and_no_body(client, active_version):
    got, head = client.get("/api/v1/model"), client.head("/api/v1/model")
    assert (got.status_code, head.status_code) == (200, 200)
    assert head.content == b""
    assert head["Content-Length"] == str(len(got.content))
    assert head["Content-Type"] == got["Content-Type"] == "application/json; charset=utf-8"


def test_head_meets_the_keys_and_scopes_a_get_meets(client, post, active_version, valid_record, api_key):
    made = post({"instances": [valid_record]}).json()["predictions"][0]
    path = f"{PREDICTIONS}/{made['id']}"
    mine = client.get(path, **bearer(api_key))
    head = client.head(path, **bearer(api_key))
    assert (head.status_code, head.content, head["Content-Length"]) == (200, b"", str(len(mine.content)))
    assert client.head(path).status_code == 401
    assert client.head(path, **bearer(make_key("predict"))).status_code == 403  # no read scope
    assert client.head(path, **bearer(make_key("read"))).status_code == 404  # another key's row


@pytest.mark.django_db
def test_head_where_get_is_not_allowed_is_refused_as_get(client):
    head = client.head("/api/v1/outcomes")
    assert head.status_code == client.get("/api/v1/outcomes").status_code == 405
    assert head.content == b""


def test_head_on_a_page_is_left_to_django(client, active_version):
    head = client.head("/")
    assert head.status_code == 200 and head.content == b""
