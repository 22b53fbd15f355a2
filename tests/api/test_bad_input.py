"""Every kind of bad input gets a 4xx that says what is wrong, and stores nothing."""

import json

import pytest

from predictor.api.body import MAX_BODY_BYTES
from predictor.models import Prediction
from tests.api.conftest import field_errors

# (change to the valid record, field named in the answer, words the message must contain)
FIELD_ERRORS = [
    ({"age": "39"}, "age", "whole number from 17 to 90"),
    ({"age": 39.5}, "age", "whole number from 17 to 90"),
    ({"age": True}, "age", "whole number from 17 to 90"),
    ({"age": 250}, "age", "between 17 and 90; got 250"),
    ({"hours_per_week": -1}, "hours_per_week", "between 1 and 99"),
    ({"workclass": "Unicorn"}, "workclass", "must be one of: Federal-gov, Local-gov"),
    ({"workclass": 5}, "workclass", "must be one of:"),
    ({"education": ["Bachelors"]}, "education", "must be one of:"),
    ({"sex": None}, "sex", "is required; one of: Female, Male"),
    ({"age": None}, "age", "is required; a whole number from 17 to 90"),
    ({"occupation": "Sales"}, "occupation", "not a feature of this model; allowed: age, workclass"),
    ({"<script>": 1}, "<script>", "not a feature of this model"),
]


@pytest.mark.parametrize(("change", "field", "words"), FIELD_ERRORS)
def test_bad_field_is_422_naming_it_and_what_is_allowed(post, active_version, valid_record, change, field, words):
    response = post({**valid_record, **change})
    assert response.status_code == 422
    assert words in field_errors(response)[field]
    assert Prediction.objects.count() == 0


def test_number_too_big_for_a_float_is_422(post, active_version, valid_record):
    raw = json.dumps(valid_record).replace('"age": 39', '"age": 1e400')  # Python's json reads it as inf
    response = post(raw)
    assert response.status_code == 422 and "whole number" in field_errors(response)["age"]
    assert Prediction.objects.count() == 0


def test_missing_fields_are_each_named(post, active_version):
    response = post({"age": 40})
    assert response.status_code == 422
    assert set(field_errors(response)) == {"workclass", "education", "marital_status", "race", "sex", "hours_per_week"}


def test_one_bad_record_in_a_batch_stores_none_and_names_its_index(post, active_version, valid_record):
    records = [valid_record, {**valid_record, "age": 5, "race": "Martian"}, valid_record, "not a record"]
    response = post({"instances": records})
    assert response.status_code == 422
    assert set(field_errors(response)) == {(1, "age"), (1, "race"), (3, "(record)")}
    assert "nothing was stored" in response.json()["detail"]
    assert Prediction.objects.count() == 0


@pytest.mark.parametrize(
    ("body", "field"),
    [({"instances": []}, "instances"), ({"instances": {"age": 3}}, "instances"), ({"instances": [], "age": 3}, "age")],
)
def test_malformed_batch_is_422(post, active_version, body, field):
    response = post(body)
    assert response.status_code == 422 and field in field_errors(response)
    assert Prediction.objects.count() == 0


MALFORMED = [
    ("", "empty"),
    ("  \n", "empty"),
    ('{"age": 39,', "not valid JSON"),
    ('{"age": NaN}', "NaN is not a JSON number"),
    ('{"age": Infinity}', "Infinity is not a JSON number"),
    ('{"instances": [{"age": -Infinity}]}', "-Infinity is not a JSON number"),
    ('{"age": ' + "9" * 5000 + "}", "not valid JSON"),
    (b'{"workclass": "\xff\xfe"}', "not valid JSON"),
    ("[" * 100_000 + "]" * 100_000, "not valid JSON"),
    ("[]", "must be a JSON object"),
    ("null", "must be a JSON object"),
    ('"age"', "must be a JSON object"),
    ("42", "must be a JSON object"),
]


@pytest.mark.parametrize(("raw", "words"), MALFORMED)
def test_malformed_body_is_400(post, active_version, raw, words):
    response = post(raw)
    assert response.status_code == 400 and words in response.json()["detail"]
    assert Prediction.objects.count() == 0


@pytest.mark.parametrize("content_type", ["application/x-www-form-urlencoded", "text/plain", "multipart/form-data"])
def test_only_json_is_accepted(post, active_version, valid_record, content_type):
    response = post(json.dumps(valid_record), content_type=content_type)
    assert response.status_code == 415 and "application/json" in response.json()["detail"]
    assert Prediction.objects.count() == 0


@pytest.mark.parametrize(("raw", "content_type"), [("", None), ("", "text/plain"), ('{"age": 39}', None)])
def test_any_body_not_declared_json_is_415_even_an_empty_one(post, active_version, raw, content_type):
    response = post(raw, content_type=content_type)
    assert response.status_code == 415 and "application/json" in response.json()["detail"]
    assert Prediction.objects.count() == 0


def test_batch_over_ten_thousand_is_413_naming_the_limit(post, active_version, valid_record):
    response = post({"instances": [valid_record] * 10_001})
    assert response.status_code == 413
    assert response.json()["detail"] == "instances has 10001 records; the limit is 10000 per request"
    assert Prediction.objects.count() == 0


def test_body_over_the_limit_is_413_naming_it(post, active_version, valid_record):
    response = post({**valid_record, "workclass": "x" * MAX_BODY_BYTES})
    assert response.status_code == 413 and f"the limit is {MAX_BODY_BYTES} bytes" in response.json()["detail"]
    assert Prediction.objects.count() == 0
