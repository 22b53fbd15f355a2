"""What would change an answer: each suggestion crosses 50%, and nothing smaller would."""

import pytest

from mlcore.linear import linear_weights
from mlcore.schema import NOT_STATED
from mlcore.whatif import ACTIONABLE, changes


@pytest.fixture(scope="module")
def weights(seed_model):
    return linear_weights(seed_model.pipeline, seed_model.schema)


@pytest.fixture(scope="module")
def people(seed_split, seed_model):
    return seed_split.test[list(seed_model.schema.names)].head(600).to_dict("records")


def crosses(predictor, record, changed) -> bool:
    return predictor.predict_one(record)["label"] != predictor.predict_one(changed)["label"]


def test_every_suggestion_carries_the_answer_across_50_percent(predictor, people):
    suggested = 0
    for person in people:
        for change in predictor.what_would_change(person):
            assert person[change["feature"]] == change["from"]
            changed = {**person, change["feature"]: change["to"]}
            assert crosses(predictor, person, changed)
            assert change["probability"] == pytest.approx(predictor.predict_one(changed)["probability"], abs=1e-9)
            suggested += 1
    assert suggested > 100  # most people have something they could change


def test_hours_move_by_the_fewest_whole_hours(predictor, people):
    for person in people:
        for change in predictor.what_would_change(person):
            if change["feature"] != "hours_per_week":
                continue
            step = 1 if change["to"] > change["from"] else -1
            one_less = {**person, "hours_per_week": change["to"] - step}
            assert one_less["hours_per_week"] == person["hours_per_week"] or not crosses(predictor, person, one_less)


def test_a_category_suggestion_is_the_crossing_answer_that_moves_the_log_odds_least(weights, seed_model, people):
    schema = seed_model.schema
    for person in people:
        z = weights.log_odds(person)
        for change in changes(weights, schema, person):
            name = change["feature"]
            if name == "hours_per_week":
                continue
            table = weights.categorical[name]
            moved = {code: z - table[person[name]] + table.get(code, 0.0) for code in schema[name].categories}
            crossing = [c for c, m in moved.items() if (m >= 0) != (z >= 0) and c not in (person[name], NOT_STATED)]
            best = min(crossing, key=lambda c: abs(moved[c] - z))
            assert change["to"] == best


def test_only_actionable_inputs_are_ever_suggested(predictor, people):
    features = {c["feature"] for person in people for c in predictor.what_would_change(person)}
    assert features <= set(ACTIONABLE)
    assert not features & {"age", "sex", "race", "marital_status"}
    assert all(c["to"] != NOT_STATED for person in people for c in predictor.what_would_change(person))


def test_suggestions_stay_inside_the_models_range(predictor, people):
    hours = predictor.schema["hours_per_week"]
    for person in people:
        for change in predictor.what_would_change(person):
            if change["feature"] == "hours_per_week":
                assert hours.minimum <= change["to"] <= hours.maximum


def test_words_name_both_answers_and_the_new_chance(predictor, people):
    person = {
        "age": 39,
        "workclass": "State-gov",
        "education": "Bachelors",
        "marital_status": "Married-civ-spouse",
        "race": "White",
        "sex": "Male",
        "hours_per_week": 40,
    }
    suggestions = predictor.what_would_change(person)
    assert suggestions
    first = suggestions[0]
    assert "instead of" in first["words"] and f"{first['probability']:.0%}"[:-1] in first["words"]
    for person in people:
        for change in predictor.what_would_change(person):
            assert not change["words"].endswith(" 50%")  # it crossed: never shown as exactly 50%
