"""Django's SQLite backend, each write transaction taking its turn between processes.

The site's transactions begin IMMEDIATE (settings/storage.py), so each holds SQLite's one write
lock from BEGIN to COMMIT, and a second process's BEGIN sleeps in SQLite's busy handler
until it is free: a millisecond, then two, then five, however soon the lock was let go.
A batch chunk, a prune or the shadow's scores beside the form's answers therefore cost
each answer those sleeps. Here every such transaction first takes the process's turn
(predictor/write_turns.py), a lock the kernel hands to the next waiter the moment it is
let go, and gives it back when the transaction ends, however it ends.

Django's documented way to change a backend's behaviour is to subclass it; ENGINE names
this package (settings.sqlite_database).
"""

from django.db.backends.sqlite3 import base

from predictor.write_turns import turn_given_back, turn_taken


class DatabaseWrapper(base.DatabaseWrapper):
    _turn: int | None = None

    def _start_transaction_under_autocommit(self):
        self._turn = turn_taken(self)
        try:
            super()._start_transaction_under_autocommit()
        except BaseException:
            self._give_turn_back()
            raise

    def _commit(self):
        try:
            return super()._commit()
        finally:
            self._give_turn_back()

    def _rollback(self):
        try:
            return super()._rollback()
        finally:
            self._give_turn_back()

    def _close(self):
        try:
            return super()._close()
        finally:
            self._give_turn_back()

    def _give_turn_back(self):
        turn, self._turn = self._turn, None
        turn_given_back(turn)
