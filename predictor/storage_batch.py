"""An API batch's rows, given as JSON text, written straight to the driver (storage.py's
columns, so both always insert the same ones).

Every value a row varies by arrives ready: the inputs and the explanation as text
(mlcore.ExplainedText), the probability and the label; the rest is the batch's, sent once
per statement. On SQLite, a thousand rows per statement as one VALUES list took half the
time of the same rows through `executemany` (89 against 47 ms for 10,000), which binds all
twelve columns of every row one by one.

On PostgreSQL the server's work (about 120 ms for 10,000 rows) is most of the request, and
the worker's own would wait for it: so the rows' ids are taken from the sequence first,
the insert is sent from a second thread, and the answer is written meanwhile. The texts
travel as one text per column, which the server splits, instead of an array of 10,000
(8 ms less, measured).
"""

import functools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from itertools import chain
from typing import NamedTuple

from django.db import connection, transaction

from .models import Prediction
from .storage import COLUMNS, _server_binding_cursor
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


def predictions_insert_texts[T](
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
    meanwhile: Callable[[list[int]], T],
) -> T:
    """Insert the rows, all or none, marked for the shadow version when one is set, and
    give their ids, in the rows' order, to `meanwhile`: its result is returned once the
    rows are stored (storage.predictions_insert's guarantees, for text already made). On
    PostgreSQL `meanwhile` runs inside the insert's transaction, while the rows travel."""
    when = connection.ops.adapt_datetimefield_value(created_at)
    shadow_id = shadow.version_id if shadow else None
    constants = [when, model_version_id, api_key_id, None, shadow_id]  # no batch file: the API's
    count = len(inputs)
    if connection.vendor == "postgresql":
        connection.ensure_connection()
        with transaction.atomic(), _server_binding_cursor() as cursor:
            # The new rows are held for their reference check (migration 0010): about 5 MB for
            # 10,000, which went to a file at the 4 MB default (5 of 123 ms).
            cursor.execute("SET LOCAL work_mem = '16MB'")
            # Taken one by one, as any insert takes them, so no other writer can be given one.
            cursor.execute(_RESERVE.format(sequence=_sequence()), [count])
            taken = cursor.fetchone()[0]  # as the array's text, '{7,8,9}', which goes back as it came
            ids = list(map(int, taken[1:-1].split(",")))
            varying = [taken, SEPARATOR.join(inputs), SEPARATOR.join(explanations), probabilities, labels]
            # The thread waits on the socket, which frees the interpreter for `meanwhile`;
            # nothing else uses the connection until the insert's answer is back. Whichever
            # fails, the transaction ends rolled back: nothing is stored unanswered.
            with ThreadPoolExecutor(max_workers=1) as storing:
                stored = storing.submit(cursor.execute, _postgresql(), [*constants, source, *varying])
                try:
                    result = meanwhile(ids)
                finally:
                    stored.result()  # the insert's error, if any, comes first
            return result
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
    return meanwhile(list(range(last - count + 1, last + 1)))


# Between the JSON texts of a column, sent as one text: a character no JSON text holds.
SEPARATOR = chr(30)
# The sequence named as a constant: found row by row, it cost 33 of 37 ms for 10,000 ids.
_RESERVE = "SELECT array_agg(nextval('{sequence}'::regclass))::text FROM generate_series(1, %s)"


@functools.cache
def _sequence() -> str:
    """The id sequence's name, asked once per process."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [Prediction._meta.db_table])
        return cursor.fetchone()[0]


@functools.cache
def _postgresql() -> str:
    """The insert of given ids and rows; the row's last columns, the shadow's answers, are
    scored later in bulk."""
    quote = connection.ops.quote_name
    columns = ", ".join(quote(Prediction._meta.get_field(name).column) for name in COLUMNS)
    split = f"chr({ord(SEPARATOR)})"
    return (
        f"INSERT INTO {quote(Prediction._meta.db_table)} (id, {columns}) "
        "SELECT id, %s, %s, %s, %s, %s, i::jsonb, e::jsonb, p, l, NULL, NULL, %s "
        f"FROM unnest(%s::bigint[], string_to_array(%s, {split}), string_to_array(%s, {split}), %b::float8[], "
        "%b::boolean[]) AS row(id, i, e, p, l)"
    )


@functools.cache
def _sqlite_rows(count: int) -> str:
    quote = connection.ops.quote_name
    columns = ", ".join(quote(Prediction._meta.get_field(name).column) for name in COLUMNS)
    rows = ", ".join(["(%s, %s, %s, %s)"] * count)
    return (
        f"INSERT INTO {quote(Prediction._meta.db_table)} ({columns}) SELECT %s, %s, %s, %s, %s, "
        f"column1, column2, column3, column4, NULL, NULL, %s FROM (VALUES {rows})"
    )
