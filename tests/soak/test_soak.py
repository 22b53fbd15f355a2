"""A short soak on each database: real gunicorn under form and API load, one worker
killed and two retrains, and every answered prediction found stored afterwards."""

import pytest

from tests.soak.soak import run_soak, summary


@pytest.mark.parametrize("db", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_a_short_soak_loses_nothing(db):
    report = run_soak(db, seconds=12, clients=4)
    print(summary(report))  # shown by pytest when the test fails
    assert report.failures == []
    assert report.form_answered > 50
    assert report.api_answered > 50
