"""Every reason names its subject: each answer of each feature, in every direction, reads as
a sentence about that feature, in plain words."""

import re

import pytest

from mlcore.reasons import SELF_EVIDENT, reasons
from mlcore.schema import CATEGORY, FEATURES, NOT_STATED

from .rawdata import raw_rows

NUMBERS = {"age": (17, 39, 90), "capital_gain": (0, 5000, 99999), "capital_loss": (0, 1887), "hours_per_week": (1, 99)}


def answers_of(name: str) -> list:
    """Every answer a model can be given for `name`: each code in the files, `?` as NOT_STATED."""
    if FEATURES[name].kind != CATEGORY:
        return list(NUMBERS[name])
    codes = {row[name] for split in ("adult.data", "adult.test") for row in raw_rows(split)}
    return sorted(codes - {"?"}) + ([NOT_STATED] if "?" in codes else [])


def said(name: str, value, contribution: float) -> str:
    explanation = {"base": -1.0, "contributions": [{"feature": name, "value": value, "contribution": contribution}]}
    return reasons(explanation)[0]["words"]


EVERY = [(name, value) for name in FEATURES for value in answers_of(name)]


def test_every_answer_of_every_feature_was_walked():
    assert {name for name, _ in EVERY} == set(FEATURES)
    assert len(EVERY) > 100 and (("workclass", NOT_STATED) in EVERY) and (("occupation", NOT_STATED) in EVERY)


@pytest.mark.parametrize(("name", "value"), EVERY)
def test_each_reason_reads_as_a_sentence_about_its_feature(name, value):
    label = FEATURES[name].label
    for contribution, effect in ((0.8, "raises the chance"), (-0.8, "lowers the chance"), (0.0, "makes little")):
        words = said(name, value, contribution)
        assert effect in words
        answer = words.split(f" {effect}")[0]
        assert not answer.startswith("Not stated"), words  # not stated: which answer?
        assert "?" not in words
        if isinstance(value, str) and not re.fullmatch(r"[A-Za-z0-9]+", value):
            # A code spelled the census's way ("Married-civ-spouse", "Not-stated") never shows through.
            assert value not in words, words
        if value == NOT_STATED:
            assert answer == f"{label} not stated"
        elif name not in SELF_EVIDENT and name not in ("hours_per_week", "capital_gain", "capital_loss"):
            assert answer.startswith(label), words  # "Race: Other", "Age 39": the subject is named


def test_no_two_answers_read_alike_across_features():
    """An answer's words say which feature it is about: no phrase could belong to two."""
    owner = {}
    for name, value in EVERY:
        answer = said(name, value, 0.8).removesuffix(" raises the chance")
        assert owner.setdefault(answer, name) == name, (answer, owner[answer], name)
