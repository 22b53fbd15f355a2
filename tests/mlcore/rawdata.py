"""The UCI files read with nothing but the standard library: an oracle for mlcore's loader."""

import functools
from pathlib import Path

from mlcore.dataset import UCI_COLUMNS

DATA_DIR = Path(__file__).resolve().parents[2] / "data"

# In file order, as data/README.md lists them, in mlcore's snake_case spelling.
COLUMNS = tuple(UCI_COLUMNS)


@functools.cache
def raw_rows(name: str) -> tuple[dict[str, str], ...]:
    """Every data row of data/<name> as a dict of stripped strings (treat as read-only)."""
    lines = (DATA_DIR / name).read_text(encoding="utf-8").splitlines()
    if lines[0].startswith("|"):  # adult.test's junk first line
        lines = lines[1:]
    return tuple(
        dict(zip(COLUMNS, (value.strip() for value in line.split(",")), strict=True)) for line in lines if line.strip()
    )


def complete_rows(name: str, features) -> list[dict[str, str]]:
    """The rows with a value (not `?`) for every one of `features`."""
    return [row for row in raw_rows(name) if all(row[f] != "?" for f in features)]
