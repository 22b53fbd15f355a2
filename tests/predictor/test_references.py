"""The database refuses a prediction that names a missing version, key or batch file:
SQLite by its foreign keys, PostgreSQL by the statement-level checks of migration 0010.
Each test commits, as the site does."""

import uuid

import pytest
from django.db import IntegrityError
from django.utils import timezone

from predictor.models import Prediction
from predictor.storage import predictions_insert
from predictor.stored import ShadowMark

pytestmark = pytest.mark.django_db(transaction=True)


def store(named, **missing) -> list[int]:
    """Two rows through the site's own insert, naming `named` but where `missing` says."""
    ids = {f"{name}_id": getattr(row, "pk", row) for name, row in {**named, **missing}.items()}
    return predictions_insert(
        rows=[({"age": 30}, None, 0.2, False), ({"age": 40}, None, 0.7, True)],
        created_at=timezone.now(),
        model_version_id=ids["model_version_id"],
        api_key_id=ids["api_key_id"],
        batch_job_id=ids["batch_job_id"],
        shadow=ShadowMark(ids["shadow_version_id"]),
        source="api",
    )


ABSENT = {"model_version": 10**9, "api_key": 10**9, "batch_job": uuid.uuid4(), "shadow_version": 10**9}


@pytest.mark.parametrize("field", ABSENT)
def test_rows_naming_a_missing_row_are_refused_and_none_is_kept(named, field):
    with pytest.raises(IntegrityError):
        store(named, **{field: ABSENT[field]})
    assert not Prediction.objects.exists()
    assert len(store(named)) == 2  # the same rows naming what exists are taken


def test_one_bad_row_among_good_ones_refuses_the_statement(named):
    rows = [Prediction(inputs={}, probability=0.5, label=True, source="web", model_version=named["model_version"])]
    rows.append(Prediction(inputs={}, probability=0.5, label=True, source="web", model_version_id=10**9))
    with pytest.raises(IntegrityError):
        Prediction.objects.bulk_create(rows)
    assert not Prediction.objects.exists()


@pytest.mark.parametrize("field", ABSENT)
def test_changing_a_reference_to_a_missing_row_is_refused(named, field):
    store(named)
    with pytest.raises(IntegrityError):
        Prediction.objects.update(**{f"{field}_id": ABSENT[field]})
    assert Prediction.objects.filter(**{field: named[field]}).count() == 2
