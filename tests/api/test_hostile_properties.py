"""Generated hostile requests against the JSON API: never a server error, every refusal in
the API's error shape, and a wrong key always refused.

Each test keeps one database transaction for all its examples, so rows pile up; every
example counts the rows before and after its own request.
"""

import json
import sys
from contextlib import contextmanager

from hypothesis import event, example, given
from hypothesis import strategies as st

import mlcore
from mlcore.validate import ECHO, MAX_PER_REQUEST
from predictor.models import ApiKey, Prediction
from tests.api.conftest import PREDICTIONS
from tests.support.strategies import json_values, property_settings, records, resolve

PROPERTIES = property_settings(60)

LIVE_KEY = "(the live key)"  # replaced by the secret of the key the test made
LIVE_PREFIX = "(the live key's prefix)"  # replaced by "Bearer " and that key's prefix
OWN_ID = "(own id)"  # replaced by the id of a prediction that key made

# Header values as a WSGI server hands them over: latin-1 text, no line breaks, no NUL.
header_text = st.text(st.characters(codec="latin-1", exclude_characters="\r\n\x00"), max_size=60)
other_keys = st.one_of(
    header_text,
    header_text.map("Bearer ".__add__),
    header_text.map("Bearer cs_".__add__),
    # Shaped like a key, so the lookup runs: any prefix, or the live key's with another secret.
    st.builds("Bearer cs_{}_{}".format, header_text, header_text),
    header_text.map(LIVE_PREFIX.__add__),
    st.sampled_from(["Bearer", "Bearer ", "bearer cs_0123456789ab_xx", "Basic dXNlcjpwYXNz", "Token x"]),
)
# A third each: no header (anonymous), the live key, any other value; so that most requests
# get past the key check and their bodies and paths are tried too. (st.one_of would flatten
# other_keys into its branches and send a wrong key nearly every time.)
authorizations = st.sampled_from([st.none(), st.just(LIVE_KEY), other_keys]).flatmap(lambda kind: kind)
batches = st.builds(lambda items: {"instances": items}, st.lists(records | json_values, max_size=3))
# Far more fields than any model takes, long names among them: refused whole, names cut.
wide = st.dictionaries(st.text(max_size=80), json_values, min_size=10, max_size=40)
bodies = st.one_of(
    records,  # one record, near misses among them, or any JSON value
    wide,
    batches,
    st.builds(lambda extra, batch: extra | batch, st.dictionaries(st.text(max_size=8), json_values), batches),
    st.dictionaries(st.just("instances"), json_values),
)


@contextmanager
def unlimited_int_digits():
    """A client in another language sends a 5,000-digit number without a second thought;
    Python's json refuses to write one, so lift that limit while the client writes."""
    limit = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)
    try:
        yield
    finally:
        sys.set_int_max_str_digits(limit)


def resolve_body(schema: mlcore.Schema, body):
    if isinstance(body, dict) and isinstance(body.get("instances"), list):
        return body | {"instances": [resolve(schema, item) for item in body["instances"]]}
    return resolve(schema, body)


def header(authorization: str | None, secret: str) -> dict:
    if authorization is None:
        return {}
    if authorization == LIVE_KEY:
        return {"Authorization": f"Bearer {secret}"}
    if authorization.startswith(LIVE_PREFIX):
        return {"Authorization": f"Bearer {secret[: ApiKey.PREFIX_LENGTH]}{authorization.removeprefix(LIVE_PREFIX)}"}
    return {"Authorization": authorization}


def assert_api_answer(response, authorization: str | None) -> None:
    """Never a server error; a refusal says why in {"detail": str, "errors": [...]}; a key
    that is not a live one is refused, whatever else the request holds."""
    assert response.status_code < 500, (response.status_code, response.content[:500])
    if response.status_code >= 400:
        assert response["Content-Type"].startswith("application/json")
        body = response.json()
        assert isinstance(body["detail"], str) and body["detail"]
        assert isinstance(body["errors"], list)
        assert all(isinstance(e["field"], str) and isinstance(e["message"], str) for e in body["errors"])
        # However many errors, an answer lists a bounded few (and a line for the rest).
        assert len(body["errors"]) <= MAX_PER_REQUEST + 1 and all(len(e["field"]) <= ECHO for e in body["errors"])
    if authorization not in (None, "", LIVE_KEY):
        assert response.status_code in (401, 403), (response.status_code, authorization)
    event(f"status {response.status_code}")


@given(body=bodies, authorization=authorizations)
@PROPERTIES
@example(body={"age": 10**5000}, authorization=None)
@example(body={"instances": [{"age": float("nan")}]}, authorization=LIVE_KEY)
def test_json_bodies_never_get_a_server_error(client, schema, api_key, body, authorization):
    body = resolve_body(schema, body)
    with unlimited_int_digits():
        data = json.dumps(body)  # NaN and Infinity go out as JavaScript writes them
    before = Prediction.objects.count()
    response = client.generic(
        "POST", PREDICTIONS, data, content_type="application/json", headers=header(authorization, api_key)
    )
    assert_api_answer(response, authorization)
    stored = Prediction.objects.count() - before
    if response.status_code == 201:
        answers = response.json().get("predictions", [response.json()])
        assert stored == len(answers) and all(0 <= a["probability"] <= 1 for a in answers)
    else:
        assert stored == 0
