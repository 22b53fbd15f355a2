"""Read the UCI Adult files (raw splits or the headered `adult.csv`) into clean frames."""

import csv
import hashlib
import io
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .schema import FEATURES, INTEGER

UCI_COLUMNS = [
    "age",
    "workclass",
    "fnlwgt",
    "education",
    "education_num",
    "marital_status",
    "occupation",
    "relationship",
    "race",
    "sex",
    "capital_gain",
    "capital_loss",
    "hours_per_week",
    "native_country",
    "income",
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


def _read_raw(path: Path, text: str) -> pd.DataFrame:
    """Read either layout: UCI's headerless splits or a CSV whose first row names columns."""
    lines = text.splitlines()
    # adult.test opens with a stray "|1x3 Cross validator" line.
    skip = 1 if lines and lines[0].startswith("|") else 0
    content = [line for line in lines[skip:] if line.strip()]
    if not content:
        raise DatasetError(f"{path} is empty")
    first_row = {_normalise_name(name) for name in next(csv.reader([content[0]]))}
    has_header = bool(first_row & set(UCI_COLUMNS))
    frame = pd.read_csv(
        io.StringIO(text),
        skiprows=skip,
        header=0 if has_header else None,
        dtype=str,
        keep_default_na=False,
        skip_blank_lines=True,
    )
    if not has_header:
        if frame.shape[1] != len(UCI_COLUMNS):
            raise DatasetError(f"{path}: expected {len(UCI_COLUMNS)} columns without a header, found {frame.shape[1]}")
        frame.columns = UCI_COLUMNS
    frame.columns = [_normalise_name(str(c)) for c in frame.columns]
    return frame


def _to_integers(frame: pd.DataFrame, name: str) -> pd.Series:
    values = pd.to_numeric(frame[name], errors="coerce")
    bad = values.isna() & frame[name].notna()
    if bad.any():
        first = bad.idxmax()
        raise DatasetError(
            f"column '{name}' must be a whole number; found {frame.at[first, name]!r} in data row {first + 1}"
        )
    whole = values.dropna()
    # Beyond 2**53 a float no longer holds every whole number, so such values are not data.
    if not whole.between(-(2**53), 2**53).all():
        raise DatasetError(f"column '{name}' has a value too large to be a whole number")
    if not (whole == whole.round()).all():
        raise DatasetError(f"column '{name}' must be a whole number; found a fraction")
    return values.astype("Int64")


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
    frame = _read_raw(path, data.decode("utf-8", errors="replace"))
    needed = [*features, LABEL]
    missing = [name for name in needed if name not in frame.columns]
    if missing:
        raise DatasetError(f"{path}: missing column(s): {', '.join(missing)}")
    frame = frame[needed].apply(lambda col: col.str.strip()).replace({"?": None, "": None})
    for name in features:
        if FEATURES[name].kind == INTEGER:
            frame[name] = _to_integers(frame, name)
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
    frame = frame.astype({n: "int64" for n in features if FEATURES[n].kind == INTEGER})
    frame["y"] = (label == POSITIVE).astype(int)
    report = LoadReport(str(path), rows_read, len(frame), dropped, hashlib.sha256(data).hexdigest())
    return frame, report
