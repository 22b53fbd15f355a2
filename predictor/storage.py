"""Prediction rows written straight to the database driver, a statement or two per call.

The ORM's bulk_create builds a model instance per row and compiles every value of every
row in Python; for 10,000 instances sent to the API that was over half the request. Every row of
one call shares its time, version, key and source, so only the inputs, probability and
label vary, and each database gets them the way its driver takes them fastest: SQLite as
one prepared statement run per row (`executemany`, in C), PostgreSQL as four arrays that
`unnest` turns back into rows in one statement.
"""

import functools
from datetime import datetime

import orjson
from django.db import connection, transaction

from .driver import database, driver_connection
from .models import Prediction
from .stored import ShadowMark
from .write_turns import write_turn

# Every column but the id, in the order the statements below give values; a test holds this
# to the model's fields, so a field added later cannot be left out of the insert unnoticed.
COLUMNS = (
    *("created_at", "model_version", "api_key", "batch_job", "shadow_version"),
    *("inputs", "explanation", "probability", "label", "shadow_probability", "shadow_label", "source"),
)


@functools.cache
def _sql(vendor: str) -> str:
    quote = connection.ops.quote_name
    table, pk = quote(Prediction._meta.db_table), quote(Prediction._meta.pk.column)
    columns = ", ".join(quote(Prediction._meta.get_field(name).column) for name in COLUMNS)
    if vendor == "postgresql":
        # unnest keeps the arrays' order, so the sequence numbers rows in the callers' order.
        return (
            f"INSERT INTO {table} ({columns}) SELECT %s, %s, %s, %s, %s, i::jsonb, e::jsonb, p, l, sp, sl, %s "
            "FROM unnest(%b::text[], %b::text[], %b::float8[], %b::boolean[], %b::float8[], %b::boolean[]) "
            f"AS row(i, e, p, l, sp, sl) RETURNING {pk}"
        )
    return f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(COLUMNS))})"


def predictions_insert(
    *,
    rows: list[tuple[dict, str | None, float, bool]],
    created_at: datetime,
    model_version_id: int,
    api_key_id,
    source: str,
    batch_job_id=None,
    shadow: ShadowMark | None = None,
) -> list[int]:
    """Insert (inputs, explanation as JSON text, probability, label) rows, all or none, marked
    for the shadow version when one is set; their ids in order."""
    db = database()
    when = db.ops.adapt_datetimefield_value(created_at)
    # A UUID is text of 32 hex digits on SQLite and a uuid on PostgreSQL: the field knows.
    batch_job_id = Prediction._meta.get_field("batch_job").get_db_prep_value(batch_job_id, db)
    inputs = [orjson.dumps(row[0]).decode() for row in rows]
    explanations = [row[1] for row in rows]
    shadow_id = shadow.version_id if shadow else None
    # Scored later, in bulk: stored empty here (the columns stay in the insert for the day an
    # answer comes with the row).
    shadow_probabilities = shadow_labels = [None] * len(rows)
    if db.vendor == "postgresql":
        db.ensure_connection()
        # A cursor that binds on the server: the arrays travel as binary parameters instead
        # of being quoted into the SQL text (Django's psycopg cursors bind on the client).
        with _server_binding_cursor() as cursor:
            arrays = [inputs, explanations, [row[2] for row in rows], [row[3] for row in rows]]
            arrays += [shadow_probabilities, shadow_labels]
            constants = [when, model_version_id, api_key_id, batch_job_id, shadow_id]
            cursor.execute(_sql("postgresql"), [*constants, source, *arrays])
            # RETURNING may list them in any order; the sequence gave them in the rows' order.
            return sorted(row[0] for row in cursor.fetchall())
    params = [
        (when, model_version_id, api_key_id, batch_job_id, shadow_id, text, explained, *row[2:], *shadowed, source)
        for text, explained, row, *shadowed in zip(
            inputs, explanations, rows, shadow_probabilities, shadow_labels, strict=True
        )
    ]
    if len(rows) == 1 and not db.queries_logged:
        return [_insert_one(db, params[0])]
    # The transaction holds SQLite's one write lock from the first row to the last (and its
    # write turn, taken at BEGIN by censussite/sqlite), and the table's AUTOINCREMENT ids only
    # ever grow, so these rows took the ids just below the last. One row is a transaction by
    # itself: a form answer skips Django's BEGIN and COMMIT, and takes its turn around it.
    guard = transaction.atomic() if len(rows) > 1 else write_turn(db)
    with guard, db.cursor() as cursor:
        cursor.executemany(_sql("sqlite"), params)
        cursor.execute("SELECT last_insert_rowid()")
        last = cursor.fetchone()[0]
    return list(range(last - len(rows) + 1, last + 1))


def _insert_one(db, row: tuple) -> int:
    """A form answer's one row on SQLite, straight to the driver (driver.py), a transaction
    by itself (Django keeps the connection in autocommit). Django's cursor cost more than
    the statement: its rewrite of %s to ?, and a second statement for the id."""
    with write_turn(db), driver_connection(db) as driver:
        return driver.execute(_sqlite_qmark(), row).lastrowid


@functools.cache
def _sqlite_qmark() -> str:
    return _sql("sqlite").replace("%s", "?")


def _server_binding_cursor():
    """A psycopg cursor wrapped as Django wraps its own: errors become Django's, and
    queries are logged where Django logs them."""
    import psycopg  # only installed where PostgreSQL is used

    raw = psycopg.Cursor(connection.connection)
    return connection.make_debug_cursor(raw) if connection.queries_logged else connection.make_cursor(raw)


def shadow_scores_store(*, ids: list[int], probabilities: list[float], labels: list[bool]) -> None:
    """Store the shadow's answers for already stored rows, in one transaction."""
    table, quote = Prediction._meta.db_table, connection.ops.quote_name
    sql = (
        f"UPDATE {quote(table)} SET {quote('shadow_probability')} = %s, {quote('shadow_label')} = %s "
        f"WHERE {quote('id')} = %s"
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(sql, list(zip(probabilities, labels, ids, strict=True)))
