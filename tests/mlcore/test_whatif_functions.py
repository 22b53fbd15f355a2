"""mlcore.whatif's functions on their own: the changes a schema allows, any model's answers, and the words."""

import mlcore
from mlcore.schema import NOT_STATED
from mlcore.whatif import change_words, changes, no_change_words, plausible_changes


def test_the_rules_know_no_model(seed_model):
    schema = seed_model.schema
    person = {"workclass": "Private", "education": "Bachelors", "hours_per_week": 40}
    options = plausible_changes(schema, person)
    assert options["education"] == ["Masters", "Prof-school", "Doctorate"]
    assert set(options["workclass"]) == set(schema["workclass"].categories) - {
        "Private",
        "Without-pay",
        "Never-worked",
        NOT_STATED,
    }
    assert options["hours_per_week"][:4] == [39, 41, 38, 42]  # nearest first
    assert sorted(options["hours_per_week"]) == [h for h in range(12, 67) if h != 40]
    assert plausible_changes(schema, {**person, "education": "Doctorate"})["education"] == []


def test_a_schema_stored_before_the_plausible_range_falls_back_to_the_whole_range(seed_model):
    data = seed_model.schema.as_dict()
    for item in data["features"]:
        item.pop("plausible_minimum", None), item.pop("plausible_maximum", None)
    old = mlcore.Schema.from_dict(data)
    assert old["hours_per_week"].plausible_range() == (1, 99)
    options = plausible_changes(old, {"workclass": "Private", "education": "HS-grad", "hours_per_week": 40})
    assert sorted(options["hours_per_week"]) == [h for h in range(1, 100) if h != 40]


def test_any_model_can_be_asked(seed_model):
    """The rules are scored by whatever probabilities it is given: here a made-up model
    that only counts hours, so only hours can be suggested."""

    def by_hours(records):
        return [record["hours_per_week"] / 100 for record in records]

    person = {"age": 30, "workclass": "Private", "education": "HS-grad", "marital_status": "Never-married"}
    person |= {"race": "White", "sex": "Female", "hours_per_week": 40}
    found = changes(by_hours, seed_model.schema, person)
    assert [(c["feature"], c["to"], c["probability"]) for c in found] == [("hours_per_week", 50, 0.5)]


def test_words_name_both_answers_and_the_new_chance():
    advice = {"feature": "hours_per_week", "from": 40, "to": 45, "probability": 0.523}
    assert change_words(advice) == "45 hours a week instead of 40 would raise the chance to 52%"
    risk = {"feature": "hours_per_week", "from": 45, "to": 30, "probability": 0.48}
    assert change_words(risk) == "At 30 hours a week instead of 45, the chance would fall to 48%"
    employer = {"feature": "workclass", "from": NOT_STATED, "to": "Federal-gov", "probability": 0.61}
    said = "Employer type: Federal government instead of not stated would raise the chance to 61%"
    assert change_words(employer) == said
    school = {"feature": "education", "from": "Masters", "to": "Doctorate", "probability": 0.4999}
    assert change_words(school) == "With Doctorate instead of Master's degree, the chance would fall to 50.0%"


def test_the_sentence_for_no_change_names_what_was_weighed(seed_model):
    below = no_change_words(seed_model.schema, above=False)
    assert below == (
        "No single change a person could make (hours from 12 to 66 a week, more schooling or another "
        "employer type) would raise this estimate above 50%."
    )
    assert no_change_words(seed_model.schema, above=True).endswith("would bring this estimate below 50%.")
