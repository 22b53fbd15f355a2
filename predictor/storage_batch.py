"""An API batch's rows, given as JSON text, written straight to the driver (storage.py's
statements, so both always insert the same columns).

Every value a row varies by arrives ready: the inputs and the explanation as text
(mlcore.ExplainedText), the probability and the label; the rest is the batch's, sent once per statement. On
SQLite, a thousand rows per statement as one VALUES list took half the time of the same
rows through `executemany` (89 against 47 ms for 10,000), which binds all twelve columns of
every row one by one; PostgreSQL takes them as arrays (storage.py's statement).
"""

import functools
from datetime import datetime
from itertools import chain
from typing import NamedTuple

from django.db import connection, transaction

from .models import Prediction
from .storage import COLUMNS, _server_binding_cursor, _sql
from .stored import ShadowMark

# Rows per statement on SQLite: 4 parameters a row stays far below its 32,766.
SQLITE_ROWS = 1_000


class StoredTexts(NamedTuple):
    """An API batch as stored, column by column, each explanation as answered JSON text."""

    ids: list[int]
    explanations: list[str]
    probabilities: list[float]
    labels: list[bool]
    model_version_id: int
    created_at: datetime


def predictions_insert_texts(
    *,
    inputs: list[str],
    explanations: list[str],
    probabilities: list[float],
    labels: list[bool],
    created_at: datetime,
    model_version_id: int,
    api_key_id,
    source: str,
    shadow: ShadowMark | None = None,
) -> list[int]:
    """Insert the rows, all or none, marked for the shadow version when one is set; their
    ids in the rows' order (storage.predictions_insert's guarantees, for text already made)."""
    when = connection.ops.adapt_datetimefield_value(created_at)
    shadow_id = shadow.version_id if shadow else None
    constants = [when, model_version_id, api_key_id, None, shadow_id]  # no batch file: the API's
    count = len(inputs)
    if connection.vendor == "postgresql":
        connection.ensure_connection()
        with _server_binding_cursor() as cursor:
            empty = [None] * count  # the shadow's answers, scored later in bulk
            cursor.execute(
                _sql("postgresql"), [*constants, source, inputs, explanations, probabilities, labels, empty, empty]
            )
            # RETURNING may list them in any order; the sequence gave them in the rows' order.
            return sorted(row[0] for row in cursor.fetchall())
    # As storage.predictions_insert: the transaction holds SQLite's one write lock from the
    # first row to the last, and AUTOINCREMENT ids only grow, so the rows took the ids just
    # below the last, in order (a VALUES list is read, and inserted, in its order).
    # The transaction takes its write turn at BEGIN (censussite/sqlite).
    with transaction.atomic(), connection.cursor() as cursor:
        for start in range(0, count, SQLITE_ROWS):
            end = min(start + SQLITE_ROWS, count)
            part = slice(start, end)
            varying = zip(inputs[part], explanations[part], probabilities[part], labels[part], strict=True)
            cursor.execute(_sqlite_rows(end - start), [*constants, source, *chain.from_iterable(varying)])
        cursor.execute("SELECT last_insert_rowid()")
        last = cursor.fetchone()[0]
    return list(range(last - count + 1, last + 1))


@functools.cache
def _sqlite_rows(count: int) -> str:
    quote = connection.ops.quote_name
    columns = ", ".join(quote(Prediction._meta.get_field(name).column) for name in COLUMNS)
    rows = ", ".join(["(%s, %s, %s, %s)"] * count)
    return (
        f"INSERT INTO {quote(Prediction._meta.db_table)} ({columns}) SELECT %s, %s, %s, %s, %s, "
        f"column1, column2, column3, column4, NULL, NULL, %s FROM (VALUES {rows})"
    )
