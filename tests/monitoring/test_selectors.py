"""Drift from stored predictions, `manage.py drift` for cron, and pruning old predictions."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

import mlcore
from predictor.models import ModelVersion, Outcome, Prediction
from predictor.monitoring import selectors as monitoring
from predictor.services import outcome_record, predictions_create
from tests.conftest import DATA_DIR

NAMES = list(mlcore.resolve_features("seed"))


@pytest.fixture(scope="module")
def test_split():
    frame, _ = mlcore.load_dataset(DATA_DIR / "adult.test", NAMES)
    return frame


def store(frame, source: str = "api"):
    predictions_create(records=frame[NAMES].to_dict("records"), source=source)


def drift_command(*args: str) -> str:
    out = StringIO()
    call_command("drift", *args, stdout=out)
    return out.getvalue()


def test_2000_predictions_from_the_test_split_are_stable_everywhere(active_version, test_split):
    store(test_split.sample(2000, random_state=0))
    report = monitoring.drift_report()
    assert report["window"]["rows_found"] == 2000 and report["window"]["version"] == active_version.pk
    assert {row["band"] for row in report["drift"]} == {"stable"}, report["drift"]
    assert "No input is in the 'act' band" in drift_command()


def test_2000_young_people_put_age_in_the_act_band_and_the_command_fails(active_version, test_split):
    young = test_split[test_split["age"].between(17, 25)]
    store(young.sample(2000, random_state=0, replace=len(young) < 2000))
    bands = {row["feature"]: row["band"] for row in monitoring.drift_report()["drift"]}
    assert bands["age"] == "act"
    assert monitoring.drift_report()["shift"]["age"] < 0
    with pytest.raises(CommandError, match="'act' band.*age"):
        drift_command()


def test_the_command_looks_at_the_sources_it_is_given(active_version, test_split):
    young = test_split[test_split["age"].between(17, 25)]
    store(young.sample(2000, random_state=0, replace=len(young) < 2000), source="web")  # the form tried out
    store(test_split.sample(2000, random_state=0), source="api")
    with pytest.raises(CommandError, match="'act' band.*age"):
        drift_command()  # every source: the form's tries move age
    said = drift_command("--source", "api,batch")
    assert "(2000 rows: 2000 from api)" in said and "No input is in the 'act' band" in said
    with pytest.raises(CommandError, match="--source: phone is not a source; allowed: web, api, batch"):
        drift_command("--source", "phone")


def test_too_few_rows_are_said_not_guessed(active_version, test_split):
    store(test_split.head(10))
    assert all(row["psi"] is None for row in monitoring.drift_report()["drift"])
    assert "Too few recent rows to say (10)" in drift_command()


def test_a_window_by_count_reads_only_the_newest_rows(active_version, test_split, settings):
    settings.DRIFT_WINDOW_ROWS = 300
    store(test_split.head(500))
    report = monitoring.drift_report()
    assert report["window"]["rows"] == 300 and report["window"]["rows_found"] == 300


def test_rows_older_than_the_window_do_not_count(active_version, test_split):
    store(test_split.head(400))
    Prediction.objects.update(created_at=timezone.now() - timedelta(days=30))
    assert monitoring.drift_report()["window"]["rows_found"] == 0


def test_prune_deletes_old_predictions_and_their_outcomes_but_never_versions(active_version, test_split):
    store(test_split.head(30))
    old = list(Prediction.objects.order_by("pk")[:20])
    Prediction.objects.filter(pk__in=[p.pk for p in old]).update(created_at=timezone.now() - timedelta(days=400))
    outcome_record(prediction=old[0], earns_over_50k=True, by="tests")
    out = StringIO()
    call_command("prune_predictions", "--before", (timezone.now() - timedelta(days=1)).strftime("%Y-%m-%d"), stdout=out)
    assert "Deleted 20 prediction(s)" in out.getvalue()
    assert Prediction.objects.count() == 10 and not Outcome.objects.exists()
    assert ModelVersion.objects.filter(pk=active_version.pk).exists()
    call_command("prune_predictions", stdout=out)  # the default retention (365 days) keeps the rest
    assert Prediction.objects.count() == 10


def test_prune_refuses_a_date_it_cannot_read(db):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("prune_predictions", "--before", "last tuesday")
