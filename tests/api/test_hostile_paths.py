"""Generated paths under /api/v1/predictions/ read back with any key, or none."""

from urllib.parse import quote

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from tests.api.conftest import PREDICTIONS
from tests.api.test_hostile_properties import LIVE_KEY, OWN_ID, PROPERTIES, assert_api_answer, authorizations, header


@pytest.fixture
def own_id(client, schema, api_key, valid_record) -> int:
    """A prediction the live key made, so that reading back succeeds for some paths."""
    response = client.post(
        PREDICTIONS, valid_record, content_type="application/json", headers=header(LIVE_KEY, api_key)
    )
    assert response.status_code == 201
    return response.json()["id"]


segments = st.one_of(
    st.just(OWN_ID),
    st.text(),
    st.integers().map(str),
    st.sampled_from(
        ["", ".", "..", "0", "-1", "1e3", " 1", "1.0", "0x1", "1_0", "٣", str(2**63), str(2**64), "9" * 5000]
    ),
)


@given(segment=segments, authorization=authorizations)
@PROPERTIES
@example(segment=str(2**63), authorization=LIVE_KEY)  # past SQLite's integers
@example(segment="9" * 5000, authorization=LIVE_KEY)  # past the digits Python reads
def test_reading_any_path_never_gets_a_server_error(client, api_key, own_id, segment, authorization):
    segment = str(own_id) if segment == OWN_ID else segment
    response = client.get(f"{PREDICTIONS}/{quote(segment, safe='')}", headers=header(authorization, api_key))
    routed = segment and "/" not in segment  # otherwise no route matches, and no key is asked for
    assert_api_answer(response, authorization if routed else None)
    if response.status_code == 200:
        assert authorization == LIVE_KEY and response.json()["id"] == own_id
