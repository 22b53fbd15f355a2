"""Loading the raw UCI splits and headered CSVs into clean frames, or refusing them."""

import csv
from pathlib import Path

import pytest
from pandas.testing import assert_frame_equal

import mlcore

from .rawdata import COLUMNS, DATA_DIR, raw_rows

SEED = mlcore.PRESETS["seed"]
FULL = mlcore.PRESETS["full"]
KAGGLE = "age,workclass,fnlwgt,education,educational-num,marital-status,occupation,relationship,race,gender,capital-gain,capital-loss,hours-per-week,native-country,income"  # noqa: E501
# One file per layout, each holding the same people: adult.data's lines 1, 5, 8, 9, 15, 28.
LAYOUTS = Path(__file__).parent / "layouts"
LAYOUT_FILES = ["uci.data", "uci.test", "snake.csv", "kaggle.csv", "dots.csv", "hyphens.csv"]
TAKEN = [0, 4, 7, 8, 14, 27]


def missing_counts(name: str, features) -> dict[str, int]:
    counts = {f: sum(row[f] == "?" for row in raw_rows(name)) for f in features}
    return {feature: n for feature, n in counts.items() if n}


def write_csv(path, header, rows, **writer_options):
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, **writer_options)
        writer.writerow(header)
        writer.writerows(rows)
    return path


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


@pytest.mark.parametrize(
    ("header", "separator", "encoding"),
    [
        ([c.replace("_", ".") for c in COLUMNS], ",", "utf-8"),  # the Kaggle adult.csv: marital.status
        ([c.replace("_", "-") for c in COLUMNS], ", ", "utf-8"),  # adult.names' spelling, UCI's spacing
        (COLUMNS, ",", "utf-8-sig"),  # saved by a spreadsheet as "CSV UTF-8": a byte-order mark first
        (KAGGLE.split(","), ",", "utf-8"),  # Kaggle's adult.csv: gender, educational-num
    ],
    ids=["dots", "dashes", "byte-order-mark", "kaggle"],
)
def test_headered_csv_loads_to_the_same_frame_as_the_raw_file(tmp_path, full_split, header, separator, encoding):
    lines = [separator.join(header)] + [separator.join(row.values()) for row in raw_rows("adult.data")]
    path = tmp_path / "adult.csv"
    path.write_text("\n".join(lines) + "\n", encoding=encoding)
    frame, report = mlcore.load_dataset(path, FULL)
    assert_frame_equal(frame, full_split.train)
    assert report.rows_read == full_split.train_report.rows_read
    assert report.not_stated == full_split.train_report.not_stated


@pytest.mark.parametrize("name", LAYOUT_FILES)
def test_each_layout_loads_its_people_as_the_raw_split_does(name, full_split):
    frame, report = mlcore.load_dataset(LAYOUTS / name, FULL)
    assert_frame_equal(frame, full_split.train.loc[TAKEN].reset_index(drop=True))
    assert frame["y"].tolist() == [0, 0, 1, 1, 1, 1]
    assert report.not_stated == {"workclass": 1, "occupation": 1, "native_country": 1}
    assert report.rows_read == report.rows_used == 6


def test_a_kaggle_file_trains_the_model_the_raw_split_trains(tmp_path, seed_build):
    # adult.data reshaped as Kaggle writes adult.csv: its header, no spaces after commas.
    lines = [KAGGLE, *(",".join(row.values()) for row in raw_rows("adult.data"))]
    path = tmp_path / "adult.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    built = mlcore.build(path, DATA_DIR / "adult.test", list(SEED), "logreg", "seed")
    assert built.reports[0].rows_used == 32_561
    assert built.trained.metrics == seed_build.trained.metrics


def test_headered_csv_is_read_by_column_name_not_position(tmp_path, seed_split):
    # Label first, features reversed, and a column the loader does not need.
    header = ["income", *reversed(SEED), "notes"]
    rows = [[row["income"], *(row[c] for c in reversed(SEED)), "-"] for row in raw_rows("adult.data")]
    frame, _ = mlcore.load_dataset(write_csv(tmp_path / "adult.csv", header, rows), SEED)
    assert_frame_equal(frame, seed_split.train)


def test_headered_csv_with_quoted_names_loads(tmp_path, seed_split):
    # R's write.csv, which produced the dotted names, quotes every string, the header too.
    header = [c.replace("_", ".") for c in COLUMNS]
    rows = [[int(v) if v.isdigit() else v for v in row.values()] for row in raw_rows("adult.data")]
    path = write_csv(tmp_path / "adult.csv", header, rows, quoting=csv.QUOTE_NONNUMERIC)
    assert path.read_text(encoding="utf-8").startswith('"age","workclass"')
    frame, _ = mlcore.load_dataset(path, SEED)
    assert_frame_equal(frame, seed_split.train)


def test_file_lacking_columns_names_exactly_the_missing_ones(tmp_path):
    path = write_csv(tmp_path / "adult.csv", ["age", "workclass", "education", "race", "sex", "income"], [])
    with pytest.raises(mlcore.DatasetError) as caught:
        mlcore.load_dataset(path, SEED)
    assert str(caught.value) == f"{path}: missing column(s): marital_status, hours_per_week"


def test_file_lacking_the_label_is_refused(tmp_path):
    path = write_csv(
        tmp_path / "adult.csv", list(SEED), [["39", "Private", "HS-grad", "Divorced", "White", "Male", "40"]]
    )
    with pytest.raises(mlcore.DatasetError, match=r"missing column\(s\): income$"):
        mlcore.load_dataset(path, SEED)


def test_headerless_file_with_the_wrong_width_is_refused(tmp_path):
    path = tmp_path / "adult.data"
    path.write_text("39, State-gov, Bachelors, <=50K\n", encoding="utf-8")
    with pytest.raises(mlcore.DatasetError, match="expected 15 columns without a header, found 4"):
        mlcore.load_dataset(path, SEED)


@pytest.mark.parametrize("content", ["", "\n\n  \n"], ids=["zero-bytes", "blank-lines"])
def test_empty_file_is_refused(tmp_path, content):
    path = tmp_path / "adult.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(mlcore.DatasetError, match="is empty"):
        mlcore.load_dataset(path, SEED)


def test_header_without_rows_is_refused(tmp_path):
    path = write_csv(tmp_path / "adult.csv", COLUMNS, [])
    with pytest.raises(mlcore.DatasetError, match=r"no usable rows \(0 read\)"):
        mlcore.load_dataset(path, SEED)


def test_missing_file_is_refused(tmp_path):
    with pytest.raises(mlcore.DatasetError, match="no such file"):
        mlcore.load_dataset(tmp_path / "nope.csv", SEED)
    with pytest.raises(mlcore.DatasetError, match="no such file"):
        mlcore.load_dataset(tmp_path, SEED)  # a directory is not a data file


def person(**changes) -> list[str]:
    row = {"age": "39", "workclass": "Private", "education": "HS-grad", "marital_status": "Divorced"}
    row |= {"race": "White", "sex": "Male", "hours_per_week": "40", "income": "<=50K"}
    return list((row | changes).values())


@pytest.mark.parametrize(("value", "shown"), [("forty", "'forty'"), ("39.5", "a fraction")])
def test_non_numeric_age_names_the_column_and_the_value(tmp_path, value, shown):
    path = write_csv(tmp_path / "adult.csv", [*SEED, "income"], [person(), person(age=value)])
    with pytest.raises(mlcore.DatasetError) as caught:
        mlcore.load_dataset(path, SEED)
    assert str(caught.value).startswith(f"{path}: column 'age' must be a whole number")  # which file, too
    assert shown in str(caught.value)


def test_non_numeric_value_names_its_data_row(tmp_path):
    path = write_csv(tmp_path / "adult.csv", [*SEED, "income"], [person(), person(), person(hours_per_week="lots")])
    with pytest.raises(mlcore.DatasetError, match="column 'hours_per_week' .* found 'lots' in data row 3"):
        mlcore.load_dataset(path, SEED)


def test_rows_without_a_readable_label_are_dropped_and_counted(tmp_path):
    rows = [person(), person(income=">50K."), person(income="maybe"), person(income=""), person(workclass="?")]
    frame, report = mlcore.load_dataset(write_csv(tmp_path / "adult.csv", [*SEED, "income"], rows), SEED)
    assert frame["y"].tolist() == [0, 1, 0]
    assert frame["workclass"].tolist()[-1] == mlcore.schema.NOT_STATED
    assert report.rows_read == 5 and report.rows_used == 3
    assert report.dropped == {"missing income": 1, "unreadable income label": 1}
    assert report.not_stated == {"workclass": 1}


def test_a_row_missing_a_number_is_dropped_and_counted(tmp_path):
    rows = [person(), person(income=">50K"), person(age="?"), person(hours_per_week="")]
    frame, report = mlcore.load_dataset(write_csv(tmp_path / "adult.csv", [*SEED, "income"], rows), SEED)
    assert len(frame) == 2
    assert report.dropped == {"missing age": 1, "missing hours_per_week": 1}


def test_dataset_error_is_a_value_error():
    assert issubclass(mlcore.DatasetError, ValueError)


def test_values_are_stripped_on_both_sides(tmp_path):
    rows = [[f" {v} " for v in person()], [f"{v}\t" for v in person(income=">50K.")]]
    frame, _ = mlcore.load_dataset(write_csv(tmp_path / "adult.csv", [*SEED, "income"], rows), SEED)
    assert frame["workclass"].tolist() == ["Private", "Private"]
    assert frame["age"].tolist() == [39, 39] and frame["y"].tolist() == [0, 1]


def test_a_bad_value_is_found_in_its_first_row_among_repeats(tmp_path):
    # The loader cleans each distinct value once; the row it names must still be the first.
    rows = [person(), person(age="x"), person(), person(age="x")]
    with pytest.raises(mlcore.DatasetError, match="found 'x' in data row 2"):
        mlcore.load_dataset(write_csv(tmp_path / "adult.csv", [*SEED, "income"], rows), SEED)


def test_a_row_with_more_fields_than_the_others_is_refused(tmp_path):
    path = write_csv(tmp_path / "adult.csv", [*SEED, "income"], [person(), [*person(), "extra"]])
    with pytest.raises(mlcore.DatasetError, match=r"adult\.csv: .*Expected 8 fields in line 3, saw 9"):
        mlcore.load_dataset(path, SEED)


def test_columns_are_strings_or_whole_numbers(full_split):
    for frame in (full_split.train, full_split.test):
        for name in FULL:
            assert frame[name].dtype == ("int64" if mlcore.FEATURES[name].kind == "integer" else "str"), name
