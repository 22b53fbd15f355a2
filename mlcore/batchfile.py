"""A CSV of people to score: checked whole before it is accepted, then read in chunks.

The layouts are the loader's (rawcsv.py): UCI's headerless 15 columns, or a header row
naming columns in any order (Kaggle's adult.csv, UCI's names with dots or hyphens, our
snake_case names), other columns beside them kept and passed through. Rows are counted by
the csv module, as they are read later, so a row's number is the same in the progress, the
result and the errors file.
"""

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from .rawcsv import UCI_COLUMNS, detect, stray_lines

MAX_BYTES = 100 * 1024 * 1024
MAX_ROWS = 1_000_000
# Every column's name is stored with the job and every cell is passed through to the
# result, so a file a million columns wide would weigh on every read of its job.
MAX_COLUMNS = 1_000
MAX_HEADER_BYTES = 64 * 1024
ENCODING = "utf-8-sig"  # a spreadsheet's "CSV UTF-8" starts with a byte-order mark


class BatchFileError(ValueError):
    """A file refused as a whole, with one sentence saying why and what is expected."""


@dataclass(frozen=True)
class Layout:
    names: list[str]  # every column's name: the file's header, or UCI's names
    header: bool  # whether the file's first row (after `skip` lines) names the columns
    skip: int  # lines before it (adult.test opens with a stray "|1x3 Cross validator")
    positions: dict[str, int]  # each feature's column
    rows: int  # data rows, blank lines not counted
    # The column whose known outcomes are recorded, when the uploader asked for that. A
    # default, so that a job queued before outcomes were read still loads its layout.
    outcome: int | None = None


def _text(path: Path) -> str:
    size = path.stat().st_size
    if size == 0:
        raise BatchFileError("The file is empty.")
    if size > MAX_BYTES:
        raise BatchFileError(f"The file is {size / 1024**2:.1f} MB; the limit is {MAX_BYTES // 1024**2} MB.")
    data = path.read_bytes()
    if b"\0" in data[:65536]:
        raise BatchFileError("This is not a CSV file: it holds binary data. Save it as CSV (comma-separated).")
    try:
        return data.decode(ENCODING)
    except UnicodeDecodeError as error:
        raise BatchFileError(
            f"The file is not UTF-8 text (byte {error.start + 1} is not UTF-8; it may be Latin-1 or "
            "Windows-1252). Save it as CSV UTF-8."
        ) from None


def _rows(reader, number: int) -> Iterator[list[str]]:
    """The reader's rows, blank lines skipped, each checked against the limits that guard
    its reader. `number` is the first one's in a refusal: 0 for the file's first row, then
    data rows from 1, as the errors file counts them."""
    try:
        for row in reader:
            if not row:
                continue
            if len(row) > MAX_COLUMNS:
                raise BatchFileError(f"{_row_name(number)} has {len(row):,} columns; the limit is {MAX_COLUMNS:,}.")
            yield row
            number += 1
    except csv.Error as error:
        # Past the field limit is the error a default reader raises; any other is named as it is.
        if "field limit" not in str(error):
            raise BatchFileError(f"{_row_name(number)} cannot be read as CSV: {error}.") from None
        limit = f"{csv.field_size_limit():,} characters"
        raise BatchFileError(f"{_row_name(number)} has a cell over {limit}, the limit for one cell.") from None


def _row_name(number: int) -> str:
    return "The first row" if number == 0 else f"Row {number:,}"


def inspect(path: Path, features: list[str], outcomes: bool = False) -> Layout:
    """The file's layout, or BatchFileError: empty, too large, binary, not UTF-8, no header
    or UCI columns, the model's columns missing (named), no income column when `outcomes`
    are to be recorded, more than MAX_ROWS rows, a row over MAX_COLUMNS columns, a cell over
    the csv module's field_size_limit, or a header over MAX_HEADER_BYTES."""
    text = _text(path)
    skip = stray_lines(text)
    reader = csv.reader(islice(io.StringIO(text, newline=""), skip, None))
    first = next(_rows(reader, 0), None)
    if first is None:
        raise BatchFileError("The file holds no rows.")
    columns = detect(first, features)
    if columns.header and len(",".join(first).encode()) > MAX_HEADER_BYTES:
        raise BatchFileError(f"The header is over {MAX_HEADER_BYTES // 1024} KB, the limit for a header row.")
    if not columns.recognised:
        raise BatchFileError(
            f"No recognised columns: the first row names none of {', '.join(features)}, and it has "
            f"{len(first)} field{'' if len(first) == 1 else 's'} where UCI's layout without a header "
            f"has {len(UCI_COLUMNS)}."
        )
    if columns.missing:
        raise BatchFileError(f"Missing column(s): {', '.join(columns.missing)}. The model needs {', '.join(features)}.")
    if outcomes and columns.outcome is None:
        raise BatchFileError(
            "To record outcomes the file needs an income column (>50K or <=50K) "
            "or an earns_over_50k column (true or false)."
        )
    # Counted by the same checks, so the worker later reads only rows that passed them.
    rows = sum(1 for _ in _rows(reader, 1 if columns.header else 2)) + (0 if columns.header else 1)
    if rows == 0:
        raise BatchFileError("The file has a header but no rows.")
    if rows > MAX_ROWS:
        raise BatchFileError(f"The file has {rows:,} rows; the limit is {MAX_ROWS:,}.")
    # The header as the file wrote it: the result file passes the person's own column names back.
    names = first if columns.header else columns.names
    outcome = columns.outcome if outcomes else None
    return Layout(list(names), columns.header, skip, columns.positions, rows, outcome)


def read_rows(path: Path, layout: Layout, start: int = 0) -> Iterator[list[str]]:
    """The data rows as lists of strings, from the `start`-th (0-based); blank lines skipped."""
    with path.open(encoding=ENCODING, newline="") as file:
        rows = (row for row in csv.reader(islice(file, layout.skip, None)) if row)
        if layout.header:
            next(rows)
        yield from islice(rows, start, None)


def chunks(rows: Iterator[list[str]], size: int) -> Iterator[list[list[str]]]:
    while chunk := list(islice(rows, size)):
        yield chunk
