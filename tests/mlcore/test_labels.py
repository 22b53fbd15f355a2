"""Every census code a person can be offered has plain words, declared once in mlcore."""

from mlcore.labels import CATEGORY_LABELS, category_choices, category_label, feature_label
from mlcore.schema import CATEGORY, FEATURES

from .rawdata import raw_rows

CATEGORICAL = [name for name, feature in FEATURES.items() if feature.kind == CATEGORY]


def codes_in_the_files(name: str) -> set[str]:
    return {row[name] for split in ("adult.data", "adult.test") for row in raw_rows(split)} - {"?"}


def test_every_code_in_the_files_has_distinct_plain_words():
    for name in CATEGORICAL:
        codes = codes_in_the_files(name)
        words = [category_label(name, code) for code in codes]
        # Two codes that read the same would be one choice to a person and two to the model.
        assert len(set(words)) == len(codes), name
        # Countries spelled plainly in the file ("United-States") may fall back on their code.
        undeclared = codes - set(CATEGORY_LABELS[name])
        if name != "native_country":
            assert not undeclared, name
        assert all(code.replace("-", "").isalpha() for code in undeclared), undeclared


def test_labels_name_only_codes_the_files_have():
    for name, table in CATEGORY_LABELS.items():
        assert set(table) <= codes_in_the_files(name), name


def test_education_is_offered_in_order_of_schooling():
    codes = ["Masters", "HS-grad", "Preschool", "Doctorate", "Bachelors"]
    assert [code for code, _ in category_choices("education", codes)] == [
        "Preschool",
        "HS-grad",
        "Bachelors",
        "Masters",
        "Doctorate",
    ]


def test_features_without_an_order_are_alphabetical_by_their_words():
    choices = category_choices("native_country", ["United-States", "Columbia", "Hong", "Canada"])
    assert [words for _, words in choices] == ["Canada", "Colombia", "Hong Kong", "United States"]


def test_a_code_nobody_declared_is_shown_readably():
    assert category_label("native_country", "New-Zealand") == "New Zealand"


def test_an_input_is_named_by_its_label_and_an_unknown_one_by_its_name():
    assert feature_label("hours_per_week") == "Hours per week"
    assert feature_label("fnlwgt") == "fnlwgt"
