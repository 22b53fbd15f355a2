"""Read the UCI Adult files (raw splits or the headered `adult.csv`) into clean frames."""

import csv
import hashlib
import io
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

import numpy as np
import pandas as pd

from .schema import FEATURES, INTEGER

# The raw splits' columns, in order (adult.names).
UCI_COLUMNS = [
    *("age", "workclass", "fnlwgt", "education", "education_num", "marital_status", "occupation"),
    *("relationship", "race", "sex", "capital_gain", "capital_loss", "hours_per_week", "native_country", "income"),
]
LABEL = "income"
POSITIVE, NEGATIVE = ">50K", "<=50K"


class DatasetError(ValueError):
    """A data file that cannot be used, with a one-line reason."""


@dataclass
class LoadReport:
    path: str
    rows_read: int
    rows_used: int
    dropped: dict[str, int] = field(default_factory=dict)
    sha256: str = ""

    def summary(self) -> str:
        # One row can lack several values, so the reasons may add up to more than the total.
        reasons = "; ".join(f"{why}: {n}" for why, n in self.dropped.items())
        dropped = self.rows_read - self.rows_used
        return f"{self.path}: {self.rows_read} rows read, {self.rows_used} used, {dropped} dropped" + (
            f" ({reasons})" if reasons else ""
        )


def _normalise_name(name: str) -> str:
    return name.strip().lower().replace(".", "_").replace("-", "_")


def _read_raw(path: Path, text: str, needed: list[str]) -> pd.DataFrame:
    """The needed columns, as raw strings, from either layout: UCI's headerless splits or
    a CSV whose first row names columns (in any order, with other columns beside them)."""
    # adult.test opens with a stray "|1x3 Cross validator" line.
    skip = 1 if text.startswith("|") else 0
    # Only the head is read line by line: splitting the whole text cost as much as parsing it.
    lines = islice(io.StringIO(text, newline=None), skip, None)
    first = next((line for line in lines if line.strip()), "")
    if not first:
        raise DatasetError(f"{path} is empty")
    first_row = [_normalise_name(name) for name in next(csv.reader([first]))]
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


def _clean(raw: pd.Series, name: str, integer: bool) -> np.ndarray:
    """One column stripped, with `?` and blanks as missing, as whole numbers if `integer`.

    Each distinct value is cleaned once and then spread to its rows by its code: a census
    column holds at most a few hundred distinct values over 30,000 rows, and cleaning
    cell by cell was most of the loading time.
    """
    codes, distinct = pd.factorize(raw)  # a cell a short row lacks gets code -1
    values = distinct.str.strip().to_series().replace({"?": None, "": None}).to_numpy(object)
    if integer:
        values = _to_integers(values, name, codes)
    # Code -1 picks the last element: the missing value appended here.
    return np.append(values, np.nan if integer else None)[codes]


def _to_integers(values: np.ndarray, name: str, codes: np.ndarray) -> np.ndarray:
    """The distinct values of an integer column as floats (NaN for missing), or DatasetError."""
    numbers = pd.to_numeric(pd.Series(values, dtype=object), errors="coerce").to_numpy(float)
    bad = np.isnan(numbers) & pd.notna(values)
    if bad.any():
        # factorize numbers distinct values in order of first appearance, so the first bad
        # one is in the column's first bad cell.
        first = int(np.argmax(bad))
        row = int(np.argmax(codes == first))
        raise DatasetError(f"column '{name}' must be a whole number; found {values[first]!r} in data row {row + 1}")
    whole = numbers[~np.isnan(numbers)]
    # Beyond 2**53 a float no longer holds every whole number, so such values are not data.
    if (np.abs(whole) > 2**53).any():
        raise DatasetError(f"column '{name}' has a value too large to be a whole number")
    if (whole != np.round(whole)).any():
        raise DatasetError(f"column '{name}' must be a whole number; found a fraction")
    return numbers


def load(path, features) -> tuple[pd.DataFrame, LoadReport]:
    """Load one split with the given features and the label column `y` (1 for >50K).

    Values are stripped, `?` means missing, and rows missing a needed value or with an
    unreadable label are dropped and counted in the report. A file lacking needed columns,
    an empty file or non-numeric values in a numeric column raise DatasetError.
    """
    path = Path(path)
    if not path.is_file():
        raise DatasetError(f"no such file: {path}")
    data = path.read_bytes()
    needed = [*features, LABEL]
    # utf-8-sig drops the byte-order mark that spreadsheets put before a "CSV UTF-8" header.
    raw = _read_raw(path, data.decode("utf-8-sig", errors="replace"), needed)
    integer = {name for name in features if FEATURES[name].kind == INTEGER}
    frame = pd.DataFrame({name: _clean(raw[name], name, name in integer) for name in needed})
    rows_read = len(frame)
    dropped = {}
    for name in needed:
        count = int(frame[name].isna().sum())
        if count:
            dropped[f"missing {name}"] = count
    frame = frame.dropna().reset_index(drop=True)
    label = frame.pop(LABEL).str.rstrip(".")
    known = label.isin([POSITIVE, NEGATIVE])
    if not known.all():
        dropped["unreadable income label"] = int((~known).sum())
    frame, label = frame[known].reset_index(drop=True), label[known].reset_index(drop=True)
    if frame.empty:
        raise DatasetError(f"{path}: no usable rows ({rows_read} read)")
    if label.nunique() < 2:
        raise DatasetError(f"{path}: every usable row is labelled {label.iloc[0]}; both classes are needed")
    frame = frame.astype(dict.fromkeys(integer, "int64"))
    frame["y"] = (label == POSITIVE).astype(int)
    report = LoadReport(str(path), rows_read, len(frame), dropped, hashlib.sha256(data).hexdigest())
    return frame, report
