"""The raw text of a census CSV into columns of strings: UCI's headerless splits or a file
whose first row names its columns (the common `adult.csv`, or snake_case names)."""

import csv
import io
from itertools import islice
from pathlib import Path

import pandas as pd

# The raw splits' columns, in order (adult.names).
UCI_COLUMNS = [
    *("age", "workclass", "fnlwgt", "education", "education_num", "marital_status", "occupation"),
    *("relationship", "race", "sex", "capital_gain", "capital_loss", "hours_per_week", "native_country", "income"),
]


class DatasetError(ValueError):
    """A data file that cannot be used, with a one-line reason."""


def normalise_name(name: str) -> str:
    return name.strip().lower().replace(".", "_").replace("-", "_")


def read_raw(path: Path, text: str, needed: list[str]) -> pd.DataFrame:
    """The needed columns, as raw strings, from either layout: UCI's headerless splits or
    a CSV whose first row names columns (in any order, with other columns beside them)."""
    # adult.test opens with a stray "|1x3 Cross validator" line.
    skip = 1 if text.startswith("|") else 0
    # Only the head is read line by line: splitting the whole text cost as much as parsing it.
    lines = islice(io.StringIO(text, newline=None), skip, None)
    first = next((line for line in lines if line.strip()), "")
    if not first:
        raise DatasetError(f"{path} is empty")
    first_row = [normalise_name(name) for name in next(csv.reader([first]))]
    has_header = bool(set(first_row) & set(UCI_COLUMNS))
    if not has_header and len(first_row) != len(UCI_COLUMNS):
        raise DatasetError(f"{path}: expected {len(UCI_COLUMNS)} columns without a header, found {len(first_row)}")
    columns = first_row if has_header else UCI_COLUMNS
    missing = [name for name in needed if name not in columns]
    if missing:
        raise DatasetError(f"{path}: missing column(s): {', '.join(missing)}")
    # Every column is parsed, needed or not: with `usecols` pandas stops refusing a row with
    # more fields than the first, and such a file should be refused, not half read.
    try:
        frame = pd.read_csv(
            io.StringIO(text), skiprows=skip, header=0 if has_header else None, dtype=object, keep_default_na=False
        )
    except pd.errors.ParserError as error:
        raise DatasetError(f"{path}: {error}".strip()) from None
    # By position: the first column of a name wins should a header repeat one.
    frame = frame.iloc[:, [columns.index(name) for name in needed]]
    frame.columns = needed
    return frame
