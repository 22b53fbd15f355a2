"""However hostile a body under the byte limit, its answer stays small: a record with far
more fields than the model takes is refused whole, an answer lists at most 20 errors a record
and 100 in all, and the names it repeats are cut to 64 characters.

Sizes are measured, not times, so that a busy machine cannot fail these tests.
"""

import json

import pytest

from predictor.api.body import MAX_BODY_BYTES
from predictor.models import Prediction
from tests.api.conftest import field_errors

SMALL = 64_000  # bytes: a page of errors at most, whatever was sent
MORE = "(more)"


def keys(count: int) -> str:
    """`count` distinct unknown fields as JSON object members, a few bytes each: hex names."""
    return ",".join(f'"{i:x}":0' for i in range(count))


def refused_small(response) -> list[dict]:
    assert response.status_code == 422, response.content[:300]
    assert len(response.content) < SMALL
    assert Prediction.objects.count() == 0
    return response.json()["errors"]


def test_eight_hundred_thousand_fields_get_one_error(post, active_version):
    raw = "{" + keys(800_000) + "}"
    assert MAX_BODY_BYTES - 200_000 < len(raw) < MAX_BODY_BYTES  # the 7.9 MB body
    (error,) = refused_small(post(raw))
    assert error["field"] == "(record)"
    assert error["message"].startswith("has 800000 fields; this model takes 7: age, workclass, education")


def test_a_few_extra_fields_are_still_each_named(post, active_version, valid_record):
    # The full preset's fields and three of the client's own: 15 fields, the seed model's 7 + 8.
    extra = {"occupation": "Sales", "relationship": "Husband", "capital_gain": 0, "capital_loss": 0}
    record = valid_record | extra | {"native_country": "Peru", "id": 7, "name": "x", "note": ""}
    assert len(record) == 15
    named = refused_small(post(record))
    assert {e["field"] for e in named} == set(record) - set(valid_record)
    (error,) = refused_small(post(record | {"one_more": 1}))
    assert error["message"].startswith("has 16 fields; this model takes 7:")


def test_a_record_lists_twenty_errors_and_how_many_more(post, active_version):
    # 15 unknown fields (the most before the record is refused whole) and 7 missing: 22.
    response = post({f"unknown_{i}": i for i in range(15)})
    errors = refused_small(response)
    assert response.json()["detail"] == "22 invalid field(s); nothing was stored"
    assert len(errors) == 21 and MORE not in [e["field"] for e in errors[:20]]
    assert errors[-1]["field"] == MORE and errors[-1]["message"].startswith("and 2 more;")


def test_a_batch_lists_a_hundred_errors_and_how_many_more(post, active_version, valid_record):
    response = post({"instances": [valid_record | {"age": 5}] * 200})
    errors = refused_small(response)
    assert response.json()["detail"] == "200 invalid field(s); nothing was stored"
    assert [(e["index"], e["field"]) for e in errors[:100]] == [(i, "age") for i in range(100)]
    assert errors[100:] == [
        {"field": MORE, "message": "and 100 more; an answer lists at most 20 per record and 100 in all"}
    ]


def test_many_records_of_many_fields_get_one_error_each_and_at_most_a_hundred(post, active_version, api_key):
    raw = '{"instances": [' + ",".join(["{" + keys(800) + "}"] * 1_000) + "]}"
    assert len(raw) < MAX_BODY_BYTES
    errors = refused_small(post(raw, key=api_key))
    assert len(errors) == 101 and {e["field"] for e in errors[:100]} == {"(record)"}
    assert errors[-1]["message"].startswith("and 900 more;")


@pytest.mark.parametrize("length", [65, 7_000_000])
def test_a_long_field_name_is_cut_to_sixty_four_characters(post, active_version, valid_record, length):
    errors = field_errors(post(valid_record | {"x" * length: 1}))
    (name,) = set(errors) - set(valid_record)
    assert name == "x" * 63 + "…"


def test_a_name_of_sixty_four_characters_is_kept_whole(post, active_version, valid_record):
    assert "y" * 64 in field_errors(post(valid_record | {"y" * 64: 1}))


@pytest.mark.parametrize(
    "value",
    ["x" * 7_000_000, json.loads("[" * 900 + "]" * 900), {"deep": [[[{"er": 1}]]]}],
    ids=["7 MB", "deep", "obj"],
)
def test_a_huge_or_nested_value_gets_a_small_answer(post, active_version, valid_record, value):
    (error,) = refused_small(post(valid_record | {"workclass": value}))
    assert error["field"] == "workclass" and error["message"].startswith("must be one of:")


def test_many_fields_beside_instances_get_one_error(post, active_version, valid_record, api_key):
    raw = '{"instances": [' + json.dumps(valid_record) + "]," + keys(100_000) + "}"
    (error,) = refused_small(post(raw, key=api_key))
    assert error == {"field": "(body)", "message": "has 100000 fields beside instances; send instances alone"}
