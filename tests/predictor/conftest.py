"""Fixtures shared by the predictor tests: a staff client and its history, named rows, a shadow."""

import pytest
from django.contrib.auth.models import User

from predictor.batch.models import BatchJob
from predictor.models import Prediction
from predictor.services import api_key_create, model_version_create, model_version_shadow, prediction_create
from tests.conftest import train_artifact


@pytest.fixture
def staff(client, db):
    user = User.objects.create_superuser("staff", "staff@example.com", "pw-for-tests")
    client.force_login(user)
    return client


@pytest.fixture
def history(active_version, valid_record):
    people = [
        {**valid_record, "sex": "Female", "education": "Masters"},
        {**valid_record, "sex": "Male", "marital_status": "Married-civ-spouse"},
        {**valid_record, "sex": "Female", "hours_per_week": 20},
    ]
    sources = ["web", "api", "web"]
    made = [prediction_create(inputs=person, source=source) for person, source in zip(people, sources, strict=True)]
    return [Prediction.objects.get(pk=stored.id) for stored in made]


@pytest.fixture
def named(active_version):
    """A version, key and batch file that predictions may name."""
    key, _ = api_key_create(name="refs", scopes=["predict"], by="tests")
    user = User.objects.create(username="uploader")
    job = BatchJob.objects.create(uploaded_by=user, file_name="people.csv", size_bytes=1, rows_total=1)
    return {"model_version": active_version, "api_key": key, "batch_job": job, "shadow_version": active_version}


@pytest.fixture(scope="module")
def hgb_artifact():
    return train_artifact(preset="seed", algorithm="hgb")


@pytest.fixture
def shadow(active_version, hgb_artifact):
    version = model_version_create(artifact=hgb_artifact)
    return model_version_shadow(version=version, by="tests")
