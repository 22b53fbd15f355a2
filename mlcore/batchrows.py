"""A batch file's rows as the model's records, and its answers as result and error rows.

A cell is read as the loader reads the UCI files: stripped, and `?` or a blank category is
the answer "Not stated". A number must be a whole number; anything else is left as it was
so that validation names the field and what it allows. Every problem of a row is listed,
one line each, and the row is not scored; the rest of the file goes on. A known outcome is
read only from a scored row, and a cell that says nothing clear records none.

A cell a spreadsheet would run as a formula is written with a leading `'` (`inert`): staff
open other people's files, and a cell such as `=HYPERLINK(...)` must not act for them.
"""

import re

from .batchfile import Layout
from .predict import Predictor
from .reasons import reasons
from .schema import CATEGORY, NEGATIVE, NOT_STATED, POSITIVE, label_text

ADDED = ["probability", "label", "model_version", "prediction_id", "reason_1", "reason_2", "reason_3"]
ERROR_HEADER = ["row", "field", "value", "problem"]
# An income cell's words, lower case: UCI's labels (adult.test's with a trailing dot) or the
# API's outcome field.
OUTCOME_WORDS = {POSITIVE.lower(): True, NEGATIVE.lower(): False, "true": True, "false": False}
# OWASP's list of what opens a formula in Excel, LibreOffice or Google Sheets; a plain
# number such as -3 or +1.5 starts with one too, but only computes itself.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?")


def inert(cell):
    """The cell as a spreadsheet shows it without running it: `'` before one that starts
    like a formula (OWASP's CSV-injection rule), unless it is a plain number; any other
    cell, or a value that is not text, unchanged."""
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS) and not PLAIN_NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


def inert_rows(rows):
    """Every cell of the rows through `inert`: what the result and errors files hold."""
    return [[inert(cell) for cell in row] for row in rows]


def _cell(value: str, kind: str):
    value = value.strip()
    if kind == CATEGORY:
        return NOT_STATED if value in ("", "?") else value
    if value in ("", "?"):
        return None  # "is required"
    try:
        number = float(value)
    except ValueError:
        return value
    return int(number) if number.is_integer() else value


def records(predictor: Predictor, rows: list[list[str]], layout: Layout, first: int):
    """(cleaned records, the chunk positions they came from, error rows) for data rows
    numbered from `first` (1 for a file's first data row)."""
    width = len(layout.names)
    kinds = {f.name: f.kind for f in predictor.schema.features}
    cleaned, positions, errors = [], [], []
    for index, row in enumerate(rows):
        if len(row) != width:
            problem = f"has {len(row)} field{'' if len(row) == 1 else 's'}; the file's rows have {width}"
            errors.append([first + index, "(row)", "", problem])
            continue
        record = {name: _cell(row[layout.positions[name]], kinds[name]) for name in predictor.schema.names}
        row_errors = predictor.problems(record)
        if row_errors:
            for error in row_errors:
                value = row[layout.positions[error["field"]]].strip()
                errors.append([first + index, error["field"], value, error["message"]])
            continue
        cleaned.append(predictor.cleaned(record))
        positions.append(index)
    return cleaned, positions, errors


def result_header(layout: Layout) -> list[str]:
    return [*layout.names, *ADDED]


def result_rows(rows, positions, probabilities, labels, explanations, version_id: int, ids: list[int]):
    """Each scored row: its own fields as read, then the answer and its three largest reasons."""
    out = []
    for position, p, label, explanation, pk in zip(positions, probabilities, labels, explanations, ids, strict=True):
        words = [r["words"] for r in reasons(explanation)[:3]] if explanation else []
        words += [""] * (3 - len(words))
        out.append([*rows[position], repr(p), label_text(label), version_id, pk, *words])
    return out


def outcome(cell: str) -> bool | None:
    """Whether an income cell says over $50K: `>50K` or `true` is True, `<=50K` or `false`
    False (any case, spaces around and one trailing dot allowed); a blank or anything else None."""
    return OUTCOME_WORDS.get(cell.strip().lower().removesuffix("."))


def outcomes(rows, positions, ids: list[int], layout: Layout) -> list[tuple[int, bool]]:
    """(prediction id, earns over $50K) for each scored row whose income cell is readable,
    for the column `layout.outcome`; none when the layout records no outcomes."""
    if layout.outcome is None:
        return []
    known = ((pk, outcome(rows[position][layout.outcome])) for position, pk in zip(positions, ids, strict=True))
    return [(pk, value) for pk, value in known if value is not None]
