"""Reasons in words and points, from an exact explanation."""

import math

from mlcore.reasons import answer_words, average_chance, reasons


def explanation(**contributions) -> dict:
    items = [{"feature": name, "value": value, "contribution": c} for name, (value, c) in contributions.items()]
    return {"base": -1.2, "contributions": items}


def test_largest_effect_first_with_its_direction_in_words():
    found = reasons(explanation(age=(25, -0.4), marital_status=("Married-civ-spouse", 1.3), sex=("Male", 0.001)))
    assert [r["feature"] for r in found] == ["marital_status", "age", "sex"]
    assert found[0]["words"] == "Married raises the chance"
    assert found[1]["words"] == "Age 25 lowers the chance"
    assert found[2]["direction"] == "none"


def test_points_are_the_move_from_the_average_persons_chance():
    found = reasons(explanation(age=(60, 0.5)))
    average = 1 / (1 + math.exp(1.2))
    assert average_chance({"base": -1.2}) == average
    assert math.isclose(found[0]["points"], 100 * (1 / (1 + math.exp(0.7)) - average))
    assert found[0]["share"] == 1.0


def test_answers_read_as_a_person_would_say_them():
    assert answer_words("hours_per_week", 40) == "40 hours a week"
    assert answer_words("education", "HS-grad") == "High school graduate"
    assert answer_words("workclass", "Not-stated") == "Employer type not stated"
    assert answer_words("race", "Other") == "Race: Other"
    assert answer_words("capital_gain", 5000) == "Capital gain of $5,000"
