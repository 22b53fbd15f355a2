"""Validating records against the model's schema: every problem named, with what is allowed."""

import math

import pytest

import mlcore

SEED = mlcore.PRESETS["seed"]
WHOLE_AGE = "must be a whole number from 17 to 90"
SEX_REQUIRED = "is required; one of: Female, Male"
NOT_AN_OBJECT = [{"field": "(record)", "message": "must be an object of feature values"}]


def test_valid_record_has_no_errors(predictor, valid_record):
    assert mlcore.validate(predictor.schema, valid_record) == []


def test_unknown_category_lists_the_allowed_values(predictor, valid_record):
    errors = mlcore.validate(predictor.schema, valid_record | {"workclass": "Astronaut"})
    allowed = predictor.schema["workclass"].categories
    assert errors == [{"field": "workclass", "message": f"must be one of: {', '.join(allowed)}"}]
    assert {"Private", "State-gov", "Never-worked"} <= set(allowed)


@pytest.mark.parametrize("value", [1, "private", " Private", ["Private"]], ids=repr)
def test_category_must_match_exactly(predictor, valid_record, value):
    errors = mlcore.validate(predictor.schema, valid_record | {"workclass": value})
    assert [e["field"] for e in errors] == ["workclass"]
    assert errors[0]["message"].startswith("must be one of: ")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("age", 16, "must be between 17 and 90; got 16"),
        ("age", 91, "must be between 17 and 90; got 91"),
        ("age", 150.0, "must be between 17 and 90; got 150"),
        ("hours_per_week", 0, "must be between 1 and 99; got 0"),
        ("hours_per_week", 168, "must be between 1 and 99; got 168"),
    ],
)
def test_out_of_range_states_the_range(predictor, valid_record, field, value, message):
    assert mlcore.validate(predictor.schema, valid_record | {field: value}) == [{"field": field, "message": message}]


def test_out_of_range_shows_a_large_value_as_given(predictor, valid_record):
    errors = mlcore.validate(predictor.schema, valid_record | {"hours_per_week": 1_000_000})
    assert errors == [{"field": "hours_per_week", "message": "must be between 1 and 99; got 1000000"}]


@pytest.mark.parametrize(("field", "value"), [("age", 17), ("age", 90), ("hours_per_week", 1), ("age", 39.0)])
def test_range_ends_and_whole_floats_are_accepted(predictor, valid_record, field, value):
    assert mlcore.validate(predictor.schema, valid_record | {field: value}) == []


@pytest.mark.parametrize("how", ["absent", "null"])
def test_missing_field_is_required(predictor, valid_record, how):
    record = {k: v for k, v in valid_record.items() if k != "sex"} if how == "absent" else valid_record | {"sex": None}
    assert mlcore.validate(predictor.schema, record) == [{"field": "sex", "message": SEX_REQUIRED}]


def test_extra_fields_are_named_in_the_order_sent(predictor, valid_record):
    extra = {"salary": 60_000, "occupation": "Sales", "extra2": 1, "extra1": 1, "extra0": 1}
    errors = mlcore.validate(predictor.schema, valid_record | extra)
    allowed = ", ".join(SEED)
    assert errors == [
        {"field": name, "message": f"is not a feature of this model; allowed: {allowed}"} for name in extra
    ]


@pytest.mark.parametrize(
    "value", ["39", "", True, False, math.nan, math.inf, -math.inf, 39.5, [39], {"years": 39}], ids=repr
)
def test_wrong_types_for_a_number_are_refused(predictor, valid_record, value):
    assert mlcore.validate(predictor.schema, valid_record | {"age": value}) == [{"field": "age", "message": WHOLE_AGE}]


@pytest.mark.parametrize("record", [[("age", 39)], "age=39", None, 39], ids=repr)
def test_record_that_is_not_a_dict_is_refused(predictor, record):
    assert mlcore.validate(predictor.schema, record) == NOT_AN_OBJECT


def test_every_problem_of_a_record_is_reported(predictor):
    errors = mlcore.validate(predictor.schema, {"age": "old", "workclass": "?", "pets": 2})
    assert sorted(e["field"] for e in errors) == sorted([*SEED, "pets"])
