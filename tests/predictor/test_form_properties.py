"""Generated form bodies against the page: never a server error, and a row only with a result.

Each test keeps one database transaction for all its examples, so rows pile up; every
example counts the rows before and after its own request.
"""

from urllib.parse import quote, urlencode

from hypothesis import event, example, given
from hypothesis import strategies as st

import mlcore
from predictor.models import Prediction
from tests.support.strategies import OTHERS, SEED, Allowed, allowed, property_settings

HTMX = {"HX-Request": "true"}
FORM_FIELDS = SEED + OTHERS + ("csrfmiddlewaretoken",)

PROPERTIES = property_settings(40)

texts = st.one_of(
    st.text(),  # any unicode but lone surrogates, control characters included
    st.integers().map(str),
    st.floats().map(str),  # "nan", "inf", "1e+300", "-0.0"
    st.sampled_from(["", " ", " 39 ", "39.0", "39.5", "+39", "0x27", "1_0", "٣٩", "Private ", "private", "\x00"]),
    st.integers(min_value=4_000, max_value=60_000).map(lambda n: "9" * n),  # more digits than int() reads
    st.text(min_size=1, max_size=3).map(lambda s: s * 10_000),
)
names = st.sampled_from(FORM_FIELDS) | st.text(max_size=20)
pairs = st.tuples(names, texts | allowed)


@st.composite
def form_bodies(draw) -> list[tuple[str, object]]:
    """(name, value) pairs in the order sent: a whole form with a few fields changed or left
    out, or none, and pairs before and after it that may repeat a field (the last one wins)."""
    fields = {name: draw(allowed) for name in SEED}
    for name in draw(st.sets(st.sampled_from(SEED), max_size=3)):
        fields[name] = draw(texts)
    for name in draw(st.sets(st.sampled_from(SEED), max_size=2)):
        del fields[name]
    return [*draw(st.lists(pairs, max_size=3)), *fields.items(), *draw(st.lists(pairs, max_size=3))]


def schema_of(version) -> mlcore.Schema:
    return mlcore.Schema.from_dict(version.metadata["schema"])


def resolve(schema: mlcore.Schema, body: list[tuple[str, object]]) -> list[tuple[str, str]]:
    """Every Allowed as the text the form would post for it."""
    return [(name, posted(schema, name, value)) for name, value in body]


def posted(schema: mlcore.Schema, name: str, value) -> str:
    if not isinstance(value, Allowed):
        return value
    return str(value.value(schema[name]) if name in schema.names else value.n)


def assert_answered_safely(client, response, rows_before: int) -> None:
    """No server error (503 is the designed answer when no model can), and a stored row
    exactly when the answer shows a result, or leads to one."""
    assert response.status_code < 500 or response.status_code == 503, response.status_code
    if response.status_code == 303:  # a plain POST that stored its row
        response = client.get(response["Location"])
        assert response.status_code == 200
    shown = response.status_code == 200 and b'class="result-label"' in response.content
    assert Prediction.objects.count() - rows_before == (1 if shown else 0)
    # Shown by --hypothesis-show-statistics: results must come up as well as refusals.
    event("result" if shown else f"status {response.status_code}")


@given(body=form_bodies(), htmx=st.booleans())
@PROPERTIES
@example(body=[("age", "9" * 3_000_000)], htmx=False)  # over DATA_UPLOAD_MAX_MEMORY_SIZE
@example(body=[("age", "40")] * 1_001, htmx=True)  # over DATA_UPLOAD_MAX_NUMBER_FIELDS
@example(body=[], htmx=True)
def test_urlencoded_bodies_never_get_a_server_error(client, active_version, body, htmx):
    data = urlencode(resolve(schema_of(active_version), body))
    before = Prediction.objects.count()
    response = client.post("/", data, content_type="application/x-www-form-urlencoded", headers=HTMX if htmx else {})
    assert_answered_safely(client, response, before)


@given(body=form_bodies(), htmx=st.booleans())
@PROPERTIES
def test_multipart_bodies_never_get_a_server_error(client, active_version, body, htmx):
    # The test client's multipart encoder takes {name: [values]}, repeated names in order;
    # names with quotes or line breaks make a malformed body, which is hostile input too.
    grouped = {}
    for name, value in resolve(schema_of(active_version), body):
        grouped.setdefault(name, []).append(value)
    before = Prediction.objects.count()
    response = client.post("/", grouped, headers=HTMX if htmx else {})
    assert_answered_safely(client, response, before)


content_types = st.sampled_from(
    [
        "application/x-www-form-urlencoded",
        "application/x-www-form-urlencoded; charset=utf-16",
        "application/x-www-form-urlencoded; charset=no-such-codec",
        "multipart/form-data",
        "multipart/form-data; boundary=",
        "multipart/form-data; boundary=x",
        "text/plain",
    ]
) | st.text(st.characters(codec="latin-1", exclude_characters="\r\n\x00"), max_size=40)


@given(body=st.binary(max_size=2_000), content_type=content_types, htmx=st.booleans())
@PROPERTIES
@example(
    body=b"--x\r\nContent-Disposition: form-data; name=age\r\n\r\n40\r\n--x--",
    content_type="multipart/form-data; boundary=x",
    htmx=False,
)
def test_raw_bytes_never_get_a_server_error(client, active_version, body, content_type, htmx):
    before = Prediction.objects.count()
    # generic() sends the bytes as they are; post() would re-encode them to the declared charset.
    response = client.generic("POST", "/", body, content_type=content_type, headers=HTMX if htmx else {})
    assert_answered_safely(client, response, before)


@given(token=st.text() | st.sampled_from(["", ".", "..", "1", "MQ:1", "MQ:1:x"]))
@PROPERTIES
def test_any_result_link_never_gets_a_server_error(client, active_version, token):
    response = client.get(f"/result/{quote(token, safe='')}/")
    assert response.status_code in (404, 200) and b'class="result-label"' not in response.content
