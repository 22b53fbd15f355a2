"""Prediction rows written straight to the database driver, in a few statements per batch.

The ORM's bulk_create builds a model instance per row and compiles every value of every
row in Python; for a 10,000-record API batch that was over half the request. Every row of
one call shares its time, version, key and source, so only the inputs, probability and
label vary. SQLite takes them as a multi-row VALUES list; PostgreSQL as three arrays that
`unnest` turns back into rows, one statement with seven parameters, where a VALUES list
of 70,000 parameters spent most of its time in the driver's query parsing.
"""

import contextlib
import functools
import json
from datetime import datetime
from typing import NamedTuple

from django.db import connection, transaction

from .models import Prediction

COLUMNS = ("created_at", "model_version", "api_key", "inputs", "probability", "label", "source")
ROWS_PER_STATEMENT = 1000  # SQLite: 7,000 parameters, inside its limit


class StoredPrediction(NamedTuple):
    """One stored row as the API answers it, without the cost of a model instance."""

    id: int
    probability: float
    label: bool
    model_version_id: int
    created_at: datetime


def _names() -> tuple[str, str, str]:
    quote = connection.ops.quote_name
    columns = ", ".join(quote(Prediction._meta.get_field(name).column) for name in COLUMNS)
    return quote(Prediction._meta.db_table), columns, quote(Prediction._meta.pk.column)


@functools.cache
def _values_sql(vendor: str, rows: int) -> str:
    table, columns, pk = _names()
    values = ", ".join(["(" + ", ".join(["%s"] * len(COLUMNS)) + ")"] * rows)
    return f"INSERT INTO {table} ({columns}) VALUES {values} RETURNING {pk}"


@functools.cache
def _unnest_sql(vendor: str) -> str:
    table, columns, pk = _names()
    # unnest keeps the arrays' order, so the sequence numbers the rows in the callers' order.
    return (
        f"INSERT INTO {table} ({columns}) SELECT %s, %s, %s, i::jsonb, p, l, %s "
        f"FROM unnest(%b::text[], %b::float8[], %b::boolean[]) AS row(i, p, l) RETURNING {pk}"
    )


def predictions_insert(
    *,
    rows: list[tuple[dict, float, bool]],
    created_at: datetime,
    model_version_id: int,
    api_key_id: int | None,
    source: str,
) -> list[int]:
    """Insert (inputs, probability, label) rows and return their ids, in the rows' order.

    All or nothing: one statement is atomic by itself, and more than one run in a
    transaction. The table's sequence numbers rows in the order given; RETURNING may list
    the ids in any order, so they are sorted back.
    """
    shared = (connection.ops.adapt_datetimefield_value(created_at), model_version_id, api_key_id)
    if connection.vendor == "postgresql":
        inputs, probabilities, labels = zip(*rows, strict=True) if rows else ((), (), ())
        arrays = [[json.dumps(i) for i in inputs], list(probabilities), list(labels)]
        connection.ensure_connection()
        # A cursor that binds on the server: the arrays travel as binary parameters instead
        # of being quoted into the SQL text (Django's psycopg cursors bind on the client).
        with psycopg_cursor(connection.connection) as cursor:
            cursor.execute(_unnest_sql(connection.vendor), [*shared, source, *arrays])
            return sorted(row[0] for row in cursor.fetchall())
    chunks = [rows[start : start + ROWS_PER_STATEMENT] for start in range(0, len(rows), ROWS_PER_STATEMENT)]
    ids = []
    # A lone statement skips the transaction's own BEGIN and COMMIT: a form answer is one row.
    with transaction.atomic() if len(chunks) > 1 else contextlib.nullcontext(), connection.cursor() as cursor:
        for chunk in chunks:
            params = []
            for inputs, probability, label in chunk:
                params += (*shared, json.dumps(inputs), probability, label, source)
            cursor.execute(_values_sql(connection.vendor, len(chunk)), params)
            ids += sorted(row[0] for row in cursor.fetchall())
    return ids


def psycopg_cursor(raw_connection):
    """A server-binding psycopg cursor wrapped as Django wraps its own: errors become
    Django's, and queries are logged where Django logs them."""
    import psycopg  # only installed where PostgreSQL is used

    raw = psycopg.Cursor(raw_connection)
    return connection.make_debug_cursor(raw) if connection.queries_logged else connection.make_cursor(raw)
