"""Read census files into clean frames: UCI's raw splits or any headered layout rawcsv
recognises (Kaggle's `adult.csv`, UCI's names with dots or hyphens, snake_case names)."""

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .rawcsv import UCI_COLUMNS, DatasetError, read_raw
from .schema import FEATURES, INTEGER, NEGATIVE, NOT_STATED, POSITIVE

__all__ = ["UCI_COLUMNS", "DatasetError", "LoadReport", "load"]

LABEL = "income"


@dataclass
class LoadReport:
    path: str
    rows_read: int
    rows_used: int
    dropped: dict[str, int] = field(default_factory=dict)
    sha256: str = ""
    # Per category feature, how many values were left blank and kept as "Not-stated".
    not_stated: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        # One row can lack several values, so the reasons may add up to more than the total.
        reasons = "; ".join(f"{why}: {n}" for why, n in self.dropped.items())
        dropped = self.rows_read - self.rows_used
        text = f"{self.path}: {self.rows_read} rows read, {self.rows_used} used, {dropped} dropped" + (
            f" ({reasons})" if reasons else ""
        )
        if self.not_stated:
            text += "; not stated, kept: " + ", ".join(f"{name} {n}" for name, n in self.not_stated.items())
        return text


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

    Values are stripped and `?` or a blank means missing. A missing category is kept as the
    answer "Not-stated" (NOT_STATED) and counted in the report's `not_stated`; rows missing
    a number or the label, or with an unreadable label, are dropped and counted in
    `dropped`. A file lacking needed columns, an empty file or non-numeric values in a
    numeric column raise DatasetError.
    """
    path = Path(path)
    if not path.is_file():
        raise DatasetError(f"no such file: {path}")
    data = path.read_bytes()
    needed = [*features, LABEL]
    # utf-8-sig drops the byte-order mark that spreadsheets put before a "CSV UTF-8" header.
    raw = read_raw(path, data.decode("utf-8-sig", errors="replace"), needed)
    integer = {name for name in features if FEATURES[name].kind == INTEGER}
    try:
        frame = pd.DataFrame({name: _clean(raw[name], name, name in integer) for name in needed})
    except DatasetError as error:  # named with its file, as every other problem with one is
        raise DatasetError(f"{path}: {error}") from None
    rows_read = len(frame)
    dropped, not_stated = {}, {}
    for name in needed:
        count = int(frame[name].isna().sum())
        if not count:
            continue
        if name in integer or name == LABEL:
            dropped[f"missing {name}"] = count
        else:
            not_stated[name] = count
            frame[name] = frame[name].fillna(NOT_STATED)
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
    report = LoadReport(str(path), rows_read, len(frame), dropped, hashlib.sha256(data).hexdigest(), not_stated)
    return frame, report
