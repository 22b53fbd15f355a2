"""Generated raw request bodies, of any bytes and any Content-Type, against the JSON API."""

from hypothesis import example, given
from hypothesis import strategies as st

from predictor.models import Prediction
from tests.api.conftest import PREDICTIONS
from tests.api.test_hostile_properties import PROPERTIES, assert_api_answer, authorizations, header, header_text

content_types = (
    st.just("application/json")
    | st.sampled_from(
        [
            "application/json; charset=utf-16",
            "application/json; charset=no-such-codec",
            "APPLICATION/JSON",
            "application/json-patch+json",
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x",
            "text/plain",
            "",
        ]
    )
    | header_text
)
# Bytes of every kind, and text in the encodings a JSON reader may or may not detect.
raw_bodies = st.binary(max_size=500) | st.builds(
    str.encode, st.text(max_size=100), st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-32-be"])
)


@given(body=raw_bodies, content_type=content_types, authorization=authorizations)
@PROPERTIES
@example(body=b'{"age": 39}', content_type="application/json; charset=utf-16", authorization=None)
@example(body=b"\xef\xbb\xbf{}", content_type="application/json", authorization=None)  # a UTF-8 byte-order mark
def test_raw_bytes_never_get_a_server_error(client, schema, api_key, body, content_type, authorization):
    before = Prediction.objects.count()
    response = client.generic(
        "POST", PREDICTIONS, body, content_type=content_type, headers=header(authorization, api_key)
    )
    assert_api_answer(response, authorization)
    assert Prediction.objects.count() - before == (1 if response.status_code == 201 else 0)
