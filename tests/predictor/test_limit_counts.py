"""The rate limits' counts in the database cache: one row per caller and window, read by the
cache itself, and the rows of ended windows dropped now and then."""

import time

import pytest
from django.core.cache import cache
from django.db import connection

from predictor import limit_counts, limits

pytestmark = pytest.mark.django_db(transaction=True)


def rows() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM censussite_cache")
        return cursor.fetchone()[0]


def test_a_window_counts_up_and_the_cache_reads_the_same_count():
    cache.clear()
    counts = [limits.window_count("limit-test", 3600)[0] for _ in range(3)]
    assert counts == [1, 2, 3]
    end, count = cache.get("limit-test")
    assert count == 3 and end == (int(time.time()) // 3600 + 1) * 3600


def test_a_new_window_starts_again_from_one():
    cache.clear()
    end = (int(time.time()) // 3600 + 1) * 3600
    cache.set("limit-test", (end - 3600, 41), 60)  # a count left from the window before
    assert limits.window_count("limit-test", 3600)[0] == 1


def test_ended_windows_are_dropped_when_windows_open(monkeypatch):
    cache.clear()
    cache.set("gone-quiet", (1, 5), 1)  # a caller whose window has ended
    time.sleep(2.1)  # expiry is kept in whole seconds
    monkeypatch.setattr(limit_counts, "CULL_EVERY", 1)  # every new window tidies up
    assert rows() == 1
    limits.window_count("limit-test", 3600)
    assert rows() == 1 and cache.get("gone-quiet") is None and cache.get("limit-test") is not None
