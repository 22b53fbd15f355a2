"""Writers to one SQLite file take turns through a lock file beside it (write_turns.py)."""

import fcntl
import os

import pytest
from django.db import connection

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
