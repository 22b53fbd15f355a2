"""`manage.py retrain` and `manage.py activate_model` on the real data."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from predictor.models import ModelVersion


def retrain(*args) -> str:
    out = StringIO()
    call_command("retrain", *args, stdout=out)
    return out.getvalue()


def metrics_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("  ")]


@pytest.mark.django_db
def test_three_retrains_make_three_versions_one_active():
    outputs = [retrain() for _ in range(3)]
    assert ModelVersion.objects.count() == 3
    assert ModelVersion.objects.filter(is_active=True).count() == 1
    assert ModelVersion.objects.get(is_active=True) == ModelVersion.objects.latest("pk")
    # Same data, same command: the same metrics, to the digit, beside the active version's.
    assert metrics_lines(outputs[1]) == metrics_lines(outputs[2])
    assert all(line.split()[-1] == line.split()[-2] for line in metrics_lines(outputs[2]))
    second = ModelVersion.objects.order_by("pk")[1].pk  # PostgreSQL's ids do not restart
    assert f"the active version {second} beside it" in outputs[2]
    assert "ROC AUC" in outputs[0] and "rows used (train)" in outputs[0]


@pytest.mark.django_db
def test_seed_logreg_reaches_its_bar():
    retrain()
    assert ModelVersion.objects.get(is_active=True).metrics["roc_auc"] >= 0.87


@pytest.mark.django_db
def test_min_auc_saves_but_keeps_the_active_version():
    retrain()
    active = ModelVersion.objects.get(is_active=True)
    with pytest.raises(CommandError, match="below --min-auc 0.999"):
        retrain("--min-auc", "0.999")
    assert ModelVersion.objects.count() == 2
    assert ModelVersion.objects.get(is_active=True) == active


@pytest.mark.django_db
def test_max_drop_keeps_a_worse_candidate_inactive_and_says_why():
    retrain()
    active = ModelVersion.objects.get(is_active=True)
    # 0.005 is the default margin: no option needed to keep a worse model out.
    with pytest.raises(CommandError, match=r"below the active version \d+'s .*more than --max-drop 0.005"):
        retrain("--features", "age,hours_per_week")
    assert ModelVersion.objects.get(is_active=True) == active
    worse = ModelVersion.objects.latest("pk")
    assert active.metrics["roc_auc"] - worse.metrics["roc_auc"] > 0.005
    # A candidate as good as the active one passes the same gate.
    assert "Activated" in retrain()


@pytest.mark.django_db
def test_no_activate_and_if_none_active():
    retrain("--no-activate")
    assert not ModelVersion.objects.filter(is_active=True).exists()
    retrain("--if-none-active")
    assert ModelVersion.objects.filter(is_active=True).count() == 1
    assert "nothing to do" in retrain("--if-none-active")
    assert ModelVersion.objects.count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("features", "message"), [("age,age,sex", "named more than once: age"), ("age,salary", "unknown feature(s) salary")]
)
def test_bad_feature_lists_are_refused(features, message):
    with pytest.raises(CommandError) as error:
        retrain("--features", features)
    assert message in str(error.value)
    assert ModelVersion.objects.count() == 0


@pytest.mark.django_db
def test_if_none_active_replaces_an_unloadable_active_version():
    retrain()
    broken = ModelVersion.objects.get(is_active=True)
    ModelVersion.objects.filter(pk=broken.pk).update(metadata={**broken.metadata, "sklearn_version": "0.0"})
    output = retrain("--if-none-active")
    assert "cannot be loaded" in output
    assert ModelVersion.objects.get(is_active=True).pk != broken.pk


@pytest.mark.django_db
def test_custom_feature_list_is_recorded():
    retrain("--features", "age,sex,hours_per_week", "--no-activate")  # 0.75: below the default --min-auc
    version = ModelVersion.objects.latest("pk")
    assert version.preset == "custom"
    assert version.metadata["features"] == ["age", "sex", "hours_per_week"]


@pytest.mark.django_db
def test_activate_model_rolls_back():
    retrain()
    retrain("--features", "age,education", "--force")  # worse, so only --force activates it
    # The active version is scored on the candidate's rows: what is read for it alone is
    # said apart from what the candidate (age, sex) trains on.
    output = retrain("--features", "age,sex", "--no-activate")
    assert "(also read, to score the active version on the same rows: education)" in output
    first = ModelVersion.objects.order_by("pk").first()
    said = StringIO()
    call_command("activate_model", str(first.pk), stdout=said)
    first.refresh_from_db()
    assert first.is_active and first.activated_by == "manage.py activate_model"
    assert ModelVersion.objects.filter(is_active=True).count() == 1
    assert said.getvalue().strip() == f"Activated model version {first.pk} (logistic regression, seed features)"
    # Asked again: said so, and left as it was (a new stamp would make every process reload it).
    said = StringIO()
    call_command("activate_model", str(first.pk), stdout=said)
    assert "is already active; nothing changed" in said.getvalue()
    assert ModelVersion.objects.get(pk=first.pk).activated_at == first.activated_at
    with pytest.raises(CommandError, match="no model version 999"):
        call_command("activate_model", "999")
