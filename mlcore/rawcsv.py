"""Census CSV layouts, recognised in one place for training files and uploaded batches:
UCI's headerless splits, or a file whose first row names its columns (Kaggle's
`adult.csv`, UCI's names with dots or hyphens, our snake_case names), in any order and with
other columns beside them. Every other spelling of a column is in ALIASES, here only."""

import csv
import io
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

import pandas as pd

# The raw splits' columns, in order (adult.names).
UCI_COLUMNS = [
    *("age", "workclass", "fnlwgt", "education", "education_num", "marital_status", "occupation"),
    *("relationship", "race", "sex", "capital_gain", "capital_loss", "hours_per_week", "native_country", "income"),
]

# Other names for our columns, as normalise_name leaves them: Kaggle's adult.csv says
# `gender` and `educational-num`.
ALIASES = {"gender": "sex", "educational_num": "education_num"}
# Where a file may state the truth, in order of preference: UCI's label (">50K", "<=50K"),
# or the API's outcome field (true, false).
OUTCOME_COLUMNS = ("income", "earns_over_50k")


class DatasetError(ValueError):
    """A data file that cannot be used, with a one-line reason."""


def normalise_name(name: str) -> str:
    """A header cell as a column name: `Marital-Status ` and `marital.status` are
    `marital_status`, and an alias is the column it stands for (`gender` is `sex`)."""
    name = name.strip().lower().replace(".", "_").replace("-", "_")
    return ALIASES.get(name, name)


def stray_lines(text: str) -> int:
    """Lines before the first row: adult.test opens with a stray "|1x3 Cross validator" line."""
    return 1 if text.startswith("|") else 0


@dataclass(frozen=True)
class Columns:
    """What a file's first row says about its layout (see `detect`)."""

    header: bool  # the row names columns; otherwise it is the first data row of UCI's layout
    recognised: bool  # a header, or a row as wide as UCI's layout: a layout we can read
    names: list[str]  # every column's normalised name: the header's, or UCI_COLUMNS
    positions: dict[str, int]  # each needed column that is present: its first position
    missing: list[str]  # the needed columns that are not
    outcome: int | None  # the first of OUTCOME_COLUMNS present: its position


def detect(first_row: list[str], needed) -> Columns:
    """The layout a file's first row shows: a header if it names any UCI or needed column,
    else UCI's headerless columns (recognised only if the row has as many fields)."""
    normalised = [normalise_name(name) for name in first_row]
    header = bool(set(normalised) & {*UCI_COLUMNS, *needed})
    recognised = header or len(first_row) == len(UCI_COLUMNS)
    names = normalised if header else list(UCI_COLUMNS)
    # By position: the first column of a name wins should a header repeat one.
    positions = {name: names.index(name) for name in needed if recognised and name in names}
    missing = [name for name in needed if name not in positions]
    outcome = next((names.index(name) for name in OUTCOME_COLUMNS if recognised and name in names), None)
    return Columns(header, recognised, names, positions, missing, outcome)


def read_raw(path: Path, text: str, needed: list[str]) -> pd.DataFrame:
    """The needed columns, as raw strings, from either layout: UCI's headerless splits or
    a CSV whose first row names columns (in any order, with other columns beside them)."""
    skip = stray_lines(text)
    # Only the head is read line by line: splitting the whole text cost as much as parsing it.
    lines = islice(io.StringIO(text, newline=None), skip, None)
    first = next((line for line in lines if line.strip()), "")
    if not first:
        raise DatasetError(f"{path} is empty")
    first_row = next(csv.reader([first]))
    columns = detect(first_row, needed)
    if not columns.recognised:
        raise DatasetError(f"{path}: expected {len(UCI_COLUMNS)} columns without a header, found {len(first_row)}")
    if columns.missing:
        raise DatasetError(f"{path}: missing column(s): {', '.join(columns.missing)}")
    # Every column is parsed, needed or not: with `usecols` pandas stops refusing a row with
    # more fields than the first, and such a file should be refused, not half read.
    try:
        frame = pd.read_csv(
            io.StringIO(text), skiprows=skip, header=0 if columns.header else None, dtype=object, keep_default_na=False
        )
    except pd.errors.ParserError as error:
        raise DatasetError(f"{path}: {error}".strip()) from None
    frame = frame.iloc[:, [columns.positions[name] for name in needed]]
    frame.columns = needed
    return frame
