"""Writers to one SQLite file take turns through a lock file beside it (write_turns.py)."""

import fcntl
import os
import sqlite3

import pytest
from django.db import OperationalError, connection

from predictor import write_turns
from predictor.write_turns import write_turn


@pytest.fixture
def database_file(tmp_path, monkeypatch):
    """This process writing to a SQLite file in tmp_path, on any database the suite runs on."""
    path = tmp_path / "db.sqlite3"
    monkeypatch.setitem(connection.settings_dict, "NAME", str(path))
    monkeypatch.setattr(write_turns, "_on_disk", lambda db, name: True)
    return f"{path}-writers.lock"


def taken(lock_path: str) -> bool:
    """Whether another open file (as another process has) is refused the lock now."""
    other = os.open(lock_path, os.O_RDWR)
    try:
        fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(other)
    return False


def test_the_turn_is_held_while_the_block_runs_and_given_back_after(database_file):
    with write_turn():
        assert taken(database_file)
    assert not taken(database_file)


def test_a_forked_worker_opens_its_own_lock_so_the_two_wait_for_each_other(database_file):
    with write_turn():  # the parent holds its turn, its descriptor open, when it forks
        child = os.fork()
        if child == 0:  # the worker: an inherited descriptor would share the parent's lock
            fd = write_turns._descriptor(str(connection.settings_dict["NAME"]))
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os._exit(0)  # refused: it would wait its turn
            os._exit(1)
        _, status = os.waitpid(child, 0)
    assert os.waitstatus_to_exitcode(status) == 0


@pytest.mark.django_db
def test_inside_a_transaction_no_turn_is_taken(database_file):
    assert connection.in_atomic_block  # the test's own transaction
    with write_turn():
        assert not os.path.exists(database_file)


def test_without_a_lock_file_to_be_had_writers_go_on_without_turns(database_file, monkeypatch):
    def refused(*args, **kwargs):
        raise PermissionError("read-only folder")

    monkeypatch.setattr(write_turns, "_opened", {})
    monkeypatch.setattr(write_turns.os, "open", refused)
    ran = []
    with write_turn():
        ran.append(True)
    assert ran == [True] and not os.path.exists(database_file)


# The site's SQLite backend (censussite/sqlite) takes the turn for every write transaction.


@pytest.fixture
def site_sqlite(tmp_path, django_db_blocker):
    """A connection to a SQLite file of its own, set up as the site sets up SQLite (not the
    test database: on PostgreSQL runs too)."""
    from django.db.utils import ConnectionHandler

    from censussite.settings import sqlite_database

    handler = ConnectionHandler({"default": sqlite_database(tmp_path / "site.sqlite3")})
    with django_db_blocker.unblock():
        db = handler["default"]
        db.ensure_connection()
        yield db, f"{tmp_path / 'site.sqlite3'}-writers.lock"
        db.close()


def begin(db) -> None:
    """What transaction.atomic() does on entering, for a connection of its own."""
    db.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)


def test_a_write_transaction_holds_the_turn_from_begin_to_commit(site_sqlite):
    db, lock = site_sqlite
    begin(db)
    assert taken(lock)
    db.cursor().execute("CREATE TABLE t (x)")
    db.commit()
    db.set_autocommit(True)
    assert not taken(lock)


def test_a_rolled_back_transaction_gives_the_turn_back(site_sqlite):
    db, lock = site_sqlite
    begin(db)
    assert taken(lock)
    db.rollback()
    db.set_autocommit(True)
    assert not taken(lock)


def test_a_connection_closed_mid_transaction_gives_the_turn_back(site_sqlite):
    db, lock = site_sqlite
    begin(db)
    db.close()
    assert not taken(lock)


def test_a_transaction_that_cannot_begin_gives_the_turn_back(site_sqlite, monkeypatch):
    db, lock = site_sqlite
    begin(db)  # the file's write lock is this connection's now
    db.commit()
    db.set_autocommit(True)
    other = sqlite3.connect(db.settings_dict["NAME"], timeout=0)
    other.execute("BEGIN IMMEDIATE")  # a writer that takes no turns holds SQLite's lock
    monkeypatch.setitem(db.settings_dict["OPTIONS"], "timeout", 0)
    db.close()
    try:
        with pytest.raises(OperationalError):
            begin(db)
        assert not taken(lock)
    finally:
        other.rollback()
        other.close()
