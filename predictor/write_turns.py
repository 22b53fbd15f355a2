"""Writers on one SQLite file take turns through a lock the kernel hands over at once.

SQLite lets one connection write at a time; a second writer that finds the file locked is
put to sleep by SQLite's busy handler for a millisecond, then two, then five, however
soon the first is done. With every commit synced to disk, the form's two gunicorn workers
met that way often enough that each answer waited about a tenth longer on average, and
the slowest ones several milliseconds. An advisory lock (flock) on a file beside the
database queues them instead: the waiting worker wakes the moment the other lets go.

Only where no transaction is open yet: a caller already inside one may hold SQLite's
write lock, and waiting here for a process that waits for that lock would stall both.
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


@contextlib.contextmanager
def write_turn(db=None):
    """Hold this process's turn to write to the SQLite file while the block runs; nothing
    on PostgreSQL, on an in-memory database, or inside an open transaction. `db` is the
    connection (driver.database()) where the caller has it already."""
    db = database() if db is None else db
    name = db.settings_dict["NAME"]
    if not _on_disk(db, name) or db.in_atomic_block:
        yield
        return
    fd = _descriptor(str(name))
    if fd is None:
        yield
        return
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
