"""Feature declarations, presets, and allowed values read from the training data."""

import json

import pytest

import mlcore
from mlcore.schema import CATEGORY, INTEGER

from .rawdata import raw_rows

SEED = ("age", "workclass", "education", "marital_status", "race", "sex", "hours_per_week")


def test_seed_preset_is_seven_names_in_order():
    assert mlcore.PRESETS["seed"] == SEED
    assert mlcore.resolve_features("seed") == SEED


def test_full_preset_is_all_twelve_features():
    full = mlcore.resolve_features("full")
    assert len(full) == 12
    assert full == tuple(mlcore.FEATURES)
    assert set(SEED) < set(full)
    assert {"fnlwgt", "education_num", "income"}.isdisjoint(full)


def test_comma_list_is_trimmed_and_keeps_its_order():
    assert mlcore.resolve_features(" hours_per_week, age ,,sex,") == ("hours_per_week", "age", "sex")


@pytest.mark.parametrize(
    ("spec", "blamed"),
    [("age,salary", "salary"), ("salary, wage", "salary, wage"), ("Seed", "Seed"), ("age;sex", "age;sex")],
)
def test_unknown_names_are_refused_with_the_allowed_ones(spec, blamed):
    with pytest.raises(ValueError) as caught:
        mlcore.resolve_features(spec)
    refused, allowed = str(caught.value).split("; allowed: ")
    assert refused == f"unknown feature(s) {blamed}"
    assert allowed.split(", ") == ["seed", "full", *mlcore.FEATURES]


def test_empty_list_is_refused():
    with pytest.raises(ValueError, match=r"\(none given\); allowed: seed, full"):
        mlcore.resolve_features(" , ")


@pytest.mark.parametrize("name", ["workclass", "education", "marital_status", "race", "sex"])
def test_seed_categories_are_the_values_found_in_the_training_file(seed_model, name):
    found = {row[name] for row in raw_rows("adult.data")}
    # A blank answer (`?`) is offered as its own answer, "Not stated", where the file has one.
    expected = sorted(found - {"?"} | ({mlcore.schema.NOT_STATED} if "?" in found else set()))
    assert seed_model.schema[name].categories == tuple(expected)
    assert "?" not in seed_model.schema[name].categories


def test_every_row_counts_so_no_category_is_lost(full_split):
    # All 7 "Never-worked" rows lack an occupation: when such rows were dropped, so was the answer.
    schema = mlcore.Schema.from_frame(full_split.train, mlcore.PRESETS["full"])
    assert "Never-worked" in schema["workclass"].categories
    assert mlcore.schema.NOT_STATED in schema["occupation"].categories


@pytest.mark.parametrize("name", ["age", "hours_per_week"])
def test_seed_ranges_are_the_extremes_of_the_training_file(seed_model, name):
    values = [int(row[name]) for row in raw_rows("adult.data")]
    feature = seed_model.schema[name]
    assert (feature.minimum, feature.maximum) == (min(values), max(values))
    assert feature.categories == ()


def test_schema_keeps_the_requested_names_and_kinds(seed_model):
    assert seed_model.schema.names == SEED
    assert [f.kind for f in seed_model.schema.features] == [
        INTEGER,
        CATEGORY,
        CATEGORY,
        CATEGORY,
        CATEGORY,
        CATEGORY,
        INTEGER,
    ]
    assert seed_model.schema["education"].label == mlcore.FEATURES["education"].label


def test_as_dict_from_dict_round_trip_through_json(full_hgb):
    data = json.loads(json.dumps(full_hgb.schema.as_dict()))
    assert mlcore.Schema.from_dict(data) == full_hgb.schema
    assert mlcore.Schema.from_dict(data).as_dict() == data


def test_as_dict_gives_categories_or_range_by_kind(seed_model):
    by_name = {item["name"]: item for item in seed_model.schema.as_dict()["features"]}
    assert by_name["sex"]["categories"] == ["Female", "Male"]
    assert (by_name["age"]["minimum"], by_name["age"]["maximum"]) == (17, 90)
    assert "categories" not in by_name["age"]
    assert "minimum" not in by_name["sex"]


def test_an_unknown_name_is_a_key_error(seed_model):
    seed_schema = seed_model.schema
    assert seed_schema["age"].name == "age"
    with pytest.raises(KeyError):
        seed_schema["salary"]


def test_a_feature_named_twice_is_refused():
    with pytest.raises(ValueError, match="named more than once: age"):
        mlcore.resolve_features("age,sex,age")


def test_inputs_read_back_in_the_features_order_whatever_the_database_kept():
    stored = {"zzy": 0, "sex": "Male", "zzz": 1, "age": 39, "hours_per_week": 40}
    ordered = mlcore.in_schema_order(stored)
    assert list(ordered) == ["age", "sex", "hours_per_week", "zzy", "zzz"]  # unknown keys last, as given
    assert ordered == stored  # the same pairs: only the order changed


def test_one_home_for_the_threshold_and_the_label_words():
    assert mlcore.THRESHOLD == 0.5
    assert (mlcore.label_text(True), mlcore.label_text(False)) == (">50K", "<=50K")
    assert (mlcore.POSITIVE, mlcore.NEGATIVE) == (">50K", "<=50K")
    assert not hasattr(mlcore, "in_feature_order")
