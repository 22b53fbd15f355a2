"""SQLite's read of a range for the dashboard's counts: one pass over the index, no sort.

SQLite groups by sorting every row first: grouping a year of 100,000 predictions by day,
source, version and tenth took about 100 ms, most of the page, and even grouping by
version alone sorted every row. Here nothing is grouped: each prediction is written as a
fixed-width record of 13 characters (its UTC day, the first letter of its source, its
tenth and its label) into one string, its version and its max(p, 1 - p) into two lists,
which numpy reads as arrays and counts. Days are UTC days, so this serves a site whose
time zone is UTC (the setting); traffic.py chooses.
"""

from collections import Counter

import numpy as np
from django.db.models import Aggregate, F, Func, QuerySet, TextField

from predictor.models import Prediction

from .expressions import BINS, Confidence, Tenth

RECORD = np.dtype([("day", "S10"), ("source", "u1"), ("tenth", "u1"), ("label", "u1")])
SOURCES = Prediction.Source.values  # web, api, batch
# Each source's first letter to its place in SOURCES; any other letter (no such rows are
# written) to one place more, which is not counted.
PLACE = np.full(256, len(SOURCES), dtype=np.int64)
PLACE[[ord(source[0]) for source in SOURCES]] = range(len(SOURCES))
assert len({source[0] for source in SOURCES}) == len(SOURCES), "each source needs its own first letter"
ZERO, ONE = ord("0"), ord("1")


class _Joined(Aggregate):
    """GROUP_CONCAT with its separator written into the SQL (see expressions.py)."""

    function, template, output_field = "GROUP_CONCAT", "%(function)s(%(expressions)s, '%(separator)s')", TextField()


def _record() -> Func:
    """substr(created_at, 1, 10) || substr(source, 1, 1) || tenth || label: SQLite stores a
    time as UTC text, "YYYY-MM-DD HH:MM:SS[.ffffff]", so its first ten characters are the day."""
    day = Func(F("created_at"), template="substr(%(expressions)s, 1, 10)")
    letter = Func(F("source"), template="substr(%(expressions)s, 1, 1)")
    return Func(day, letter, Tenth(), F("label"), template="%(expressions)s", arg_joiner=" || ")


def _versions(version: np.ndarray, label: np.ndarray, sure: np.ndarray) -> dict[int, tuple[int, int, float]]:
    """{version: (predictions, over, sum of max(p, 1 - p))}, counted by version id (the
    table's small serial keys). `sure` is each max(p, 1 - p) times 2**53: between 0.5 and 1
    that product is a whole number, read back without loss, so each sum is exact, rounded
    once; it is added up as two halves of 26 bits, which keeps the float sums whole."""
    predictions = np.bincount(version)
    ids = np.flatnonzero(predictions)
    over = np.bincount(version, weights=label == ONE)[ids].tolist()
    high = np.bincount(version, weights=sure >> 26)[ids].tolist()
    low = np.bincount(version, weights=sure & (2**26 - 1))[ids].tolist()
    return {
        v: (n, int(o), ((int(h) << 26) + int(lo)) / 2**53)
        for v, n, o, h, lo in zip(ids.tolist(), predictions[ids].tolist(), over, high, low, strict=True)
    }


def read(rows: QuerySet) -> tuple[Counter, list[int], dict[int, tuple[int, int, float]]]:
    """(per (day, source) counts, per tenth counts, {version: (predictions, over, the sum
    of max(p, 1 - p))}) of `rows`, predictions filtered but not yet grouped."""
    sure = Func(Confidence(), template=f"CAST(%(expressions)s * {float(2**53)!r} AS integer)")
    texts = rows.order_by().aggregate(  # the three lists list the rows in the same order
        records=_Joined(_record(), separator=""),
        versions=_Joined(F("model_version"), separator=","),
        sure=_Joined(sure, separator=","),
    )
    records = np.frombuffer((texts["records"] or "").encode("ascii"), dtype=RECORD)
    version, sure = (np.fromstring(texts[name] or "", dtype=np.int64, sep=",") for name in ("versions", "sure"))
    versions = _versions(version, records["label"], sure)
    histogram = np.bincount(records["tenth"] - ZERO, minlength=BINS).tolist()
    return _per_day(records), histogram, versions


def _per_day(records: np.ndarray) -> Counter:
    """{(day, source): predictions} of the records."""
    per_day, width = Counter(), len(SOURCES) + 1
    if not len(records):
        return per_day
    days = records["day"].astype("datetime64[D]").astype(np.int64)
    first = int(days.min())
    counts = np.bincount((days - first) * width + PLACE[records["source"]])
    for key in np.flatnonzero(counts).tolist():
        day, place = divmod(key, width)
        if place < len(SOURCES):
            per_day[np.datetime64(first + day, "D").item(), SOURCES[place]] += int(counts[key])
    return per_day
