"""Writers on one SQLite file take turns through a lock the kernel hands over at once.

SQLite lets one connection write at a time; a second writer that finds the file locked is
put to sleep by SQLite's busy handler for a millisecond, then two, then five, however
soon the first is done. With every commit synced to disk, the form's two gunicorn workers
met that way often enough that each answer waited about a tenth longer on average, and
the slowest ones several milliseconds. An advisory lock (flock) on a file beside the
database queues them instead: the waiting worker wakes the moment the other lets go.

Every write transaction takes its turn at BEGIN (censussite/sqlite, the site's SQLite
backend, calls `turn_taken` and `turn_given_back`), so batch chunks, shadow scores, prunes
and rate-limit counts queue with the form's answers instead of meeting them in the busy
handler. `write_turn` is for the one write outside a transaction: a form answer's one row,
sent in autocommit. Inside a transaction it does nothing, the transaction holding the turn
already (or, on another backend, maybe SQLite's write lock, and waiting here for a process
that waits for that lock would stall both).

The wait has no timeout, where SQLite's busy handler gave up after 20 s: a writer holds
its turn only as long as it would hold SQLite's lock, and a process that dies lets go of
both. Writers that take no turns (sqlite3 in a shell) still meet the busy handler.
"""

import contextlib
import fcntl
import os

from .driver import database

_opened: dict[str, tuple[int, int]] = {}  # database file -> (pid, descriptor)


def _descriptor(path: str) -> int | None:
    """This process's open lock file, or None where it cannot be had (a read-only folder,
    another user's file): writers then meet in SQLite's busy handler, as they did before."""
    # One open file per process: a descriptor inherited across a fork would share its lock
    # with the parent, and the two would never wait for each other.
    pid, fd = _opened.get(path, (None, None))
    if pid != os.getpid():
        try:
            fd = os.open(f"{path}-writers.lock", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        except OSError:
            fd = None
        _opened[path] = (os.getpid(), fd)
    return fd


def _on_disk(db, name) -> bool:
    name = str(name)
    return db.vendor == "sqlite" and name != ":memory:" and not name.startswith("file:")


def turn_taken(db) -> int | None:
    """Wait for this process's turn to write to `db`'s SQLite file and take it: the lock
    file's descriptor to give it back with, or None where writers take no turns (not an
    SQLite file, or a lock file that cannot be opened)."""
    name = db.settings_dict["NAME"]
    if not _on_disk(db, name):
        return None
    fd = _descriptor(str(name))
    if fd is not None:
        fcntl.flock(fd, fcntl.LOCK_EX)
    return fd


def turn_given_back(fd: int | None) -> None:
    if fd is not None:
        fcntl.flock(fd, fcntl.LOCK_UN)


@contextlib.contextmanager
def write_turn(db=None):
    """Hold this process's turn to write to the SQLite file while the block runs; nothing
    on PostgreSQL, on an in-memory database, or inside an open transaction. `db` is the
    connection (driver.database()) where the caller has it already."""
    db = database() if db is None else db
    fd = None if db.in_atomic_block else turn_taken(db)
    try:
        yield
    finally:
        turn_given_back(fd)
