"""Advice a person can act on, over 2,036 people of the test split (every eighth row of
data/adult.test) and the default model as the fixtures train it: schooling only goes up,
nobody is sent to work without pay, hours stay in the stored plausible range, and every
figure is the model's own answer for the changed person."""

import numpy as np
import pytest

from mlcore.labels import EDUCATION_ORDER

from .rawdata import raw_rows

BARRED = {"Without-pay", "Never-worked", "Not-stated"}


@pytest.fixture(scope="module")
def people(seed_split, predictor):
    rows = seed_split.test[list(predictor.schema.names)].iloc[::8].to_dict("records")
    assert len(rows) > 2000
    return rows


@pytest.fixture(scope="module")
def suggested(predictor, people):
    return [predictor.what_would_change(person) for person in people]


def test_the_education_order_is_ucis_education_number():
    numbers = {row["education"]: int(row["education_num"]) for row in raw_rows("adult.data")}
    assert list(EDUCATION_ORDER) == sorted(numbers, key=numbers.get)
    assert [numbers[code] for code in EDUCATION_ORDER] == list(range(1, 17))


def test_the_plausible_hours_are_the_middle_95_percent_of_training_stored_with_the_version(seed_artifact, predictor):
    hours = np.array([int(row["hours_per_week"]) for row in raw_rows("adult.data")])
    low, high = np.quantile(hours, [0.025, 0.975])
    stored = {f["name"]: f for f in seed_artifact.metadata["schema"]["features"]}["hours_per_week"]
    assert (stored["plausible_minimum"], stored["plausible_maximum"]) == (int(np.ceil(low)), int(np.floor(high)))
    assert (stored["plausible_minimum"], stored["plausible_maximum"]) == (12, 66)
    assert predictor.schema["hours_per_week"].plausible_range() == (12, 66)


def test_no_suggestion_lowers_education_pays_nothing_or_leaves_the_plausible_hours(people, suggested):
    counts = {"education": 0, "workclass": 0, "hours_per_week": 0}
    for person, found in zip(people, suggested, strict=True):
        for change in found:
            name, new = change["feature"], change["to"]
            assert change["from"] == person[name]
            if name == "education":
                assert EDUCATION_ORDER.index(new) > EDUCATION_ORDER.index(person["education"])
            elif name == "workclass":
                assert new not in BARRED and new != person["workclass"]
                assert "Without pay" not in change["words"] and "Never worked" not in change["words"]
            else:
                assert name == "hours_per_week" and 12 <= new <= 66
            counts[name] += 1
    assert min(counts.values()) > 20, counts  # every kind of change was put to the test


def test_each_probability_is_the_models_own_answer_for_the_changed_person(predictor, people, suggested):
    checked = 0
    for person, found in zip(people, suggested, strict=True):
        for change in found:
            changed = {**person, change["feature"]: change["to"]}
            assert abs(change["probability"] - predictor.probabilities([changed])[0]) <= 1e-9
            checked += 1
    assert checked > 1000


def test_above_50_percent_only_a_risk_is_named_and_below_only_advice(predictor, people, suggested):
    for now, found in zip(predictor.probabilities(people), suggested, strict=True):
        if now >= 0.5:
            assert len(found) <= 1 and all(c["probability"] < 0.5 for c in found)
        else:
            assert all(c["probability"] >= 0.5 for c in found)


def plausible_people(person: dict, categories: dict) -> list[dict]:
    """Every single change the rules allow, written out here without mlcore's help."""
    rank = EDUCATION_ORDER.index(person["education"])
    changed = [{**person, "hours_per_week": h} for h in range(12, 67) if h != person["hours_per_week"]]
    changed += [{**person, "education": e} for e in EDUCATION_ORDER[rank + 1 :] if e in categories["education"]]
    allowed = set(categories["workclass"]) - BARRED - {person["workclass"]}
    return changed + [{**person, "workclass": w} for w in sorted(allowed)]


def test_when_nothing_is_suggested_no_plausible_single_change_crosses(predictor, people, suggested):
    categories = {name: predictor.schema[name].categories for name in ("education", "workclass")}
    quiet = [person for person, found in zip(people, suggested, strict=True) if not found]
    assert len(quiet) > 50
    for person in quiet:
        above = predictor.probabilities([person])[0] >= 0.5
        changed = plausible_people(person, categories)
        assert all((p >= 0.5) == above for p in predictor.probabilities(changed)), person
