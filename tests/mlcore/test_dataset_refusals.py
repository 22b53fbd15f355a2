"""Data files the loader refuses with the reason, and messy rows it drops, counts or cleans."""

import pytest

import mlcore

from .rawdata import COLUMNS
from .test_dataset import SEED
from .test_headered_csv import write_csv


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
