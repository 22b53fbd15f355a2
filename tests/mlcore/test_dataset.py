"""Loading the raw UCI splits into clean frames, and each layout of the same people."""

from pathlib import Path

import pytest
from pandas.testing import assert_frame_equal

import mlcore

from .rawdata import DATA_DIR, raw_rows

SEED = mlcore.PRESETS["seed"]
FULL = mlcore.PRESETS["full"]
# One file per layout, each holding the same people: adult.data's lines 1, 5, 8, 9, 15, 28.
LAYOUTS = Path(__file__).parent / "layouts"
LAYOUT_FILES = ["uci.data", "uci.test", "snake.csv", "kaggle.csv", "dots.csv", "hyphens.csv"]
TAKEN = [0, 4, 7, 8, 14, 27]


def missing_counts(name: str, features) -> dict[str, int]:
    counts = {f: sum(row[f] == "?" for row in raw_rows(name)) for f in features}
    return {feature: n for feature, n in counts.items() if n}


def test_training_split_loads(seed_split):
    frame, report = seed_split.train, seed_split.train_report
    assert list(frame.columns) == [*SEED, "y"]
    assert report.rows_read == 32_561
    assert len(frame) == report.rows_used == len(raw_rows("adult.data")) == 32_561  # every row counts
    assert set(frame["y"].unique()) == {0, 1}
    assert frame["y"].sum() == sum(row["income"] == ">50K" for row in raw_rows("adult.data"))
    assert 0.23 < frame["y"].mean() < 0.26
    assert frame["age"].dtype == "int64" and frame["hours_per_week"].dtype == "int64"


def test_test_split_skips_its_junk_line_and_reads_dotted_labels(seed_split):
    frame, report = seed_split.test, seed_split.test_report
    assert report.rows_read == 16_281  # "|1x3 Cross validator" is not a row
    assert len(frame) == 16_281  # the published figures are on every row of this split
    assert frame["y"].sum() == sum(row["income"] == ">50K." for row in raw_rows("adult.test"))
    assert 0.23 < frame["y"].mean() < 0.26
    assert "unreadable income label" not in report.dropped


def test_values_are_stripped(seed_split):
    assert seed_split.train.loc[0, "workclass"] == "State-gov"
    assert not seed_split.train["education"].str.startswith(" ").any()


@pytest.mark.parametrize("name", ["adult.data", "adult.test"])
def test_question_marks_are_kept_as_not_stated_and_counted(name, full_split):
    report = full_split.train_report if name == "adult.data" else full_split.test_report
    frame = full_split.train if name == "adult.data" else full_split.test
    assert report.not_stated == missing_counts(name, FULL)
    assert set(report.not_stated) == {"workclass", "occupation", "native_country"}
    assert report.dropped == {}
    assert report.rows_used == len(raw_rows(name))
    for feature, count in report.not_stated.items():
        assert (frame[feature] == mlcore.schema.NOT_STATED).sum() == count
    assert not frame.isin(["?"]).any().any()
    assert not frame.isna().any().any()


def test_rows_missing_a_value_keep_every_other_answer(full_split):
    blank = [i for i, row in enumerate(raw_rows("adult.data")) if row["workclass"] == "?"]
    kept = full_split.train.loc[blank]
    assert (kept["workclass"] == mlcore.schema.NOT_STATED).all()
    assert kept["education"].tolist() == [raw_rows("adult.data")[i]["education"] for i in blank]


def test_seed_counts_only_a_seed_feature(seed_split):
    assert seed_split.train_report.not_stated == {"workclass": 1836}
    assert seed_split.train_report.rows_used == 32_561


def test_report_records_the_file_checksum(seed_split):
    assert seed_split.train_report.sha256 == "5b00264637dbfec36bdeaab5676b0b309ff9eb788d63554ca0a249491c86603d"
    assert seed_split.train_report.path == str(DATA_DIR / "adult.data")


def test_summary_of_a_real_load(seed_split):
    assert seed_split.train_report.summary() == (
        f"{DATA_DIR / 'adult.data'}: 32561 rows read, 32561 used, 0 dropped; not stated, kept: workclass 1836"
    )


def test_summary_without_drops_has_no_reasons():
    assert mlcore.LoadReport("a.csv", 3, 3).summary() == "a.csv: 3 rows read, 3 used, 0 dropped"


def test_summary_reasons_may_add_up_to_more_than_the_rows_dropped():
    report = mlcore.LoadReport("a.csv", 10, 7, {"missing workclass": 3, "missing occupation": 3})
    assert report.summary() == "a.csv: 10 rows read, 7 used, 3 dropped (missing workclass: 3; missing occupation: 3)"


@pytest.mark.parametrize("name", LAYOUT_FILES)
def test_each_layout_loads_its_people_as_the_raw_split_does(name, full_split):
    frame, report = mlcore.load_dataset(LAYOUTS / name, FULL)
    assert_frame_equal(frame, full_split.train.loc[TAKEN].reset_index(drop=True))
    assert frame["y"].tolist() == [0, 0, 1, 1, 1, 1]
    assert report.not_stated == {"workclass": 1, "occupation": 1, "native_country": 1}
    assert report.rows_read == report.rows_used == 6


def test_columns_are_strings_or_whole_numbers(full_split):
    for frame in (full_split.train, full_split.test):
        for name in FULL:
            assert frame[name].dtype == ("int64" if mlcore.FEATURES[name].kind == "integer" else "str"), name
