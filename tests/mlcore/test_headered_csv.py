"""Headered CSVs (dots, dashes, Kaggle's, quoted, any column order) load as the raw split does."""

import csv

import pytest
from pandas.testing import assert_frame_equal

import mlcore

from .rawdata import COLUMNS, DATA_DIR, raw_rows
from .test_dataset import FULL, SEED

KAGGLE = "age,workclass,fnlwgt,education,educational-num,marital-status,occupation,relationship,race,gender,capital-gain,capital-loss,hours-per-week,native-country,income"  # noqa: E501


def write_csv(path, header, rows, **writer_options):
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, **writer_options)
        writer.writerow(header)
        writer.writerows(rows)
    return path


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
