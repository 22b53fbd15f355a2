"""The model registry: one active version, enforced by the database; swaps without restarts."""

import pytest
from django.db import IntegrityError, transaction

from predictor import registry
from predictor.models import ModelVersion, Prediction
from predictor.services import model_version_activate, model_version_create, prediction_create
from tests.conftest import train_artifact


@pytest.fixture(scope="module")
def narrow_artifact():
    return train_artifact(preset="age,education,hours_per_week")


def test_database_refuses_two_active_versions(active_version, seed_artifact):
    other = model_version_create(artifact=seed_artifact)
    other.is_active = True
    with pytest.raises(IntegrityError), transaction.atomic():
        other.save()


def test_activation_moves_the_flag_and_records_who(active_version, narrow_artifact):
    other = model_version_create(artifact=narrow_artifact)
    model_version_activate(version=other, by="alice")
    active_version.refresh_from_db()
    assert not active_version.is_active
    other.refresh_from_db()
    assert other.is_active and other.activated_by == "alice" and other.activated_at is not None


def test_registry_notices_a_new_active_version(active_version, narrow_artifact, valid_record):
    first = prediction_create(inputs=valid_record, source="web")
    assert first.model_version == active_version
    other = model_version_activate(version=model_version_create(artifact=narrow_artifact), by="tests")
    narrow = {k: valid_record[k] for k in ("age", "education", "hours_per_week")}
    second = prediction_create(inputs=narrow, source="api")
    assert second.model_version.pk == other.pk
    assert registry.active_model().predictor.schema.names == ("age", "education", "hours_per_week")


def test_registry_loads_once_per_version(active_version, django_assert_num_queries):
    registry.active_model()
    # Later calls read one small row (the active id and checksum), never the artifact.
    with django_assert_num_queries(1):
        registry.active_model()


def test_no_active_model(db, valid_record):
    with pytest.raises(registry.NoActiveModel, match="manage.py retrain"):
        prediction_create(inputs=valid_record, source="web")
    assert registry.active_schema() is None


def test_invalid_record_stores_nothing(active_version, valid_record):
    import mlcore

    with pytest.raises(mlcore.RecordError):
        prediction_create(inputs={**valid_record, "age": 500}, source="web")
    assert Prediction.objects.count() == 0


def test_broken_artifact_is_never_activated(active_version, seed_artifact):
    import mlcore

    broken = model_version_create(artifact=seed_artifact)
    ModelVersion.objects.filter(pk=broken.pk).update(artifact=b"not a model")
    broken.refresh_from_db()
    with pytest.raises(mlcore.ArtifactError, match="checksum"):
        model_version_activate(version=broken, by="tests")
    assert ModelVersion.objects.get(is_active=True) == active_version


def test_reactivating_a_version_is_noticed(active_version, narrow_artifact):
    other = model_version_activate(version=model_version_create(artifact=narrow_artifact), by="tests")
    assert registry.active_model().version.pk == other.pk
    again = model_version_activate(version=active_version, by="tests")
    version = registry.active_model().version
    assert version.pk == again.pk and version.activated_at == again.activated_at


def test_an_unloadable_active_version_is_read_once(active_version, django_assert_num_queries):
    import mlcore

    ModelVersion.objects.filter(pk=active_version.pk).update(artifact=b"damaged")
    for expected_queries in (3, 1):  # first: key, row, deferred artifact; then the key alone
        with django_assert_num_queries(expected_queries), pytest.raises(mlcore.ArtifactError, match="checksum"):
            registry.active_model()


def test_stored_inputs_are_clean(active_version, valid_record):
    stored = prediction_create(inputs={**valid_record, "age": 39.0}, source="api")
    row = Prediction.objects.get(pk=stored.id)
    assert row.inputs["age"] == 39 and isinstance(row.inputs["age"], int)
    assert row.inputs == valid_record  # in any key order: PostgreSQL's jsonb keeps its own


def test_a_database_error_while_loading_leaves_nothing_half_remembered(active_version, monkeypatch):
    from django.db import OperationalError

    registry._loaded.clear()
    real_get = ModelVersion.objects.get

    def fail_once(*args, **kwargs):
        monkeypatch.setattr(ModelVersion.objects, "get", real_get)
        raise OperationalError("the database went away")

    monkeypatch.setattr(ModelVersion.objects, "get", fail_once)
    with pytest.raises(OperationalError):
        registry.active_model()
    assert registry.active_model().version.pk == active_version.pk  # the next request loads it
