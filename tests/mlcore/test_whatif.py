"""What would change an answer: each suggestion crosses 50%, and no smaller plausible change would."""

import pytest

from mlcore.labels import EDUCATION_ORDER
from mlcore.schema import NOT_STATED
from mlcore.whatif import ACTIONABLE


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


def test_below_50_percent_each_suggestion_raises_above_it_the_one_is_a_risk(predictor, people):
    seen = {True: 0, False: 0}
    for person in people:
        above = predictor.predict_one(person)["label"]
        found = predictor.what_would_change(person)
        if above:
            assert len(found) <= 1  # what keeps it there, not a list of ways to earn less
            assert all(c["probability"] < 0.5 and ", the chance would fall to" in c["words"] for c in found)
        else:
            assert all(c["probability"] >= 0.5 and "would raise the chance to" in c["words"] for c in found)
            assert len({c["feature"] for c in found}) == len(found)  # one per input
        seen[above] += bool(found)
    assert seen[True] > 10 and seen[False] > 10


def test_hours_move_by_the_fewest_whole_hours_inside_the_plausible_range(predictor, people):
    low, high = predictor.schema["hours_per_week"].plausible_range()
    checked = 0
    for person in people:
        for change in predictor.what_would_change(person):
            if change["feature"] != "hours_per_week":
                continue
            assert low <= change["to"] <= high
            nearer = change["to"] + (-1 if change["to"] > change["from"] else 1)
            if nearer != person["hours_per_week"] and low <= nearer <= high:
                assert not crosses(predictor, person, {**person, "hours_per_week": nearer})
            checked += 1
    assert checked > 10


def test_an_employer_type_suggestion_is_the_plausible_crossing_answer_nearest_to_50_percent(predictor, people):
    checked = 0
    for person in people:
        now = predictor.predict_one(person)
        for change in predictor.what_would_change(person):
            if change["feature"] != "workclass":
                continue
            codes = [c for c in predictor.schema["workclass"].categories if c != person["workclass"]]
            codes = [c for c in codes if c not in ("Without-pay", "Never-worked", NOT_STATED)]
            moved = {c: predictor.predict_one({**person, "workclass": c})["probability"] for c in codes}
            crossing = [c for c, p in moved.items() if (p >= 0.5) != now["label"]]
            assert change["to"] == min(crossing, key=lambda c: abs(moved[c] - now["probability"]))
            checked += 1
    assert checked > 0


def test_an_education_suggestion_is_the_lowest_higher_level_that_crosses(predictor, people):
    checked = 0
    for person in people:
        for change in predictor.what_would_change(person):
            if change["feature"] != "education":
                continue
            rank = EDUCATION_ORDER.index
            assert rank(change["to"]) > rank(change["from"])
            for level in EDUCATION_ORDER[rank(change["from"]) + 1 : rank(change["to"])]:
                assert not crosses(predictor, person, {**person, "education": level})
            checked += 1
    assert checked > 10


def test_only_actionable_inputs_are_ever_suggested(predictor, people):
    features = {c["feature"] for person in people for c in predictor.what_would_change(person)}
    assert features <= set(ACTIONABLE)
    assert not features & {"age", "sex", "race", "marital_status"}
    assert all(c["to"] != NOT_STATED for person in people for c in predictor.what_would_change(person))


def test_a_chance_just_across_is_never_shown_as_exactly_50_percent(predictor, people):
    for person in people:
        for change in predictor.what_would_change(person):
            assert not change["words"].endswith(" 50%")
