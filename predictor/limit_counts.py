"""The rate limits' counts in Django's database cache, a row per caller and window.

Written with statements of our own in the cache's row and encoding, so cache.get still
reads a count; limits.window_count calls this when the default cache is the database's.
"""

import base64
import contextlib
import itertools
import pickle
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router, transaction


def counted_in(cache: DatabaseCache, key: str, end: int, timeout: int) -> int:
    """The database cache's count, kept with the window it belongs to, as (end, count), in
    the cache's own row and encoding (cache.get reads it), written with three statements of
    our own: the cache's touch, get and set took eleven, one of them a COUNT(*) of the whole
    table, and made the rate limit most of a one-record API answer's time."""
    db = router.db_for_write(cache.cache_model_class)
    connection = connections[db]
    q, table = connection.ops.quote_name, connection.ops.quote_name(cache._table)
    cache_key = cache.make_and_validate_key(key)
    expires = datetime.fromtimestamp(cache.get_backend_timeout(timeout), tz=UTC if settings.USE_TZ else None)
    expires = connection.ops.adapt_datetimefield_value(expires.replace(microsecond=0))
    with _unsynced(connection), transaction.atomic(using=db), connection.cursor() as cursor:
        # A first call adds the row; a later one touches it. Either way this transaction
        # now holds the row (PostgreSQL locks it, for a concurrent count or a clean-up's
        # DELETE to wait on; a row deleted meanwhile is simply added again), and on SQLite
        # the IMMEDIATE transaction holds the whole database from BEGIN.
        cursor.execute(
            f"INSERT INTO {table} ({q('cache_key')}, {q('value')}, {q('expires')}) VALUES (%s, %s, %s) "
            f"ON CONFLICT ({q('cache_key')}) DO UPDATE SET {q('expires')} = EXCLUDED.{q('expires')}",
            [cache_key, _encoded((end, 0)), expires],
        )
        cursor.execute(f"SELECT {q('value')} FROM {table} WHERE {q('cache_key')} = %s", [cache_key])
        counted = pickle.loads(base64.b64decode(cursor.fetchone()[0]))  # our own row, as cache.get reads it
        # A row however old is revived here, so the window it counted is read from the value.
        count = counted[1] + 1 if isinstance(counted, tuple) and counted[0] == end else 1
        cursor.execute(
            f"UPDATE {table} SET {q('value')} = %s, {q('expires')} = %s WHERE {q('cache_key')} = %s",
            [_encoded((end, count)), expires, cache_key],
        )
        if count == 1 and next(_windows_opened) % CULL_EVERY == 0:
            # What the cache's set did on every call, now once in a while: drop the ended windows
            # of callers gone quiet, so a stream of new addresses cannot grow the table for ever.
            cursor.execute(f"DELETE FROM {table} WHERE {q('expires')} < %s", [_now(connection)])
    return count


@contextlib.contextmanager
def _unsynced(connection):
    """On SQLite, a count's commit is not waited onto the disk: a count lost to a power cut
    costs nothing, but a sync per count doubled what a form answer waited for the disk. The
    next synced commit (the prediction's) carries the count's WAL pages down with it."""
    synchronous = getattr(settings, "SQLITE_SYNCHRONOUS", "FULL")
    # Inside a transaction SQLite refuses to change it (a caller's, or a test's).
    if connection.vendor != "sqlite" or synchronous == "NORMAL" or connection.in_atomic_block:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA synchronous=NORMAL")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA synchronous={synchronous}")


CULL_EVERY = 1_000
_windows_opened = itertools.count(1)


def _encoded(value) -> str:
    return base64.b64encode(pickle.dumps(value, pickle.HIGHEST_PROTOCOL)).decode("latin1")


def _now(connection):
    now = datetime.now(tz=UTC if settings.USE_TZ else None).replace(microsecond=0)
    return connection.ops.adapt_datetimefield_value(now)
