"""The database driver's own connection, for the few statements every request runs.

Django's cursor wrapper, and each attribute read through `django.db.connection` (a proxy
that finds the request's connection anew on every access, about two microseconds each),
cost as much as the statements themselves on the form's path: the read of the serving
versions and the form answer's one-row insert. Both go straight to the driver through
here, and stay Django's in every other respect: the connection's health is checked and it
is opened as Django's own cursor() would, and the driver's errors become Django's.
Callers go through Django's cursor instead wherever queries are being logged (DEBUG, the
tests' query counts), so no statement goes unseen there.
"""

import contextlib

from django.db import DEFAULT_DB_ALIAS, connections


def database():
    """The default database's connection wrapper itself, found once instead of on every
    attribute read."""
    return connections[DEFAULT_DB_ALIAS]


@contextlib.contextmanager
def driver_connection(db):
    """`db`'s driver connection (sqlite3's or psycopg's), healthy and open; errors raised
    in the block are Django's (IntegrityError, OperationalError, ...)."""
    db.close_if_health_check_failed()
    db.ensure_connection()
    with db.wrap_database_errors:
        yield db.connection
