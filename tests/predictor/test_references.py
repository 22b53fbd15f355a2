"""The database refuses a prediction that names a missing version, key or batch file, and
the deletion of one that a prediction still names: SQLite by its foreign keys, PostgreSQL
by the statement-level checks of migration 0010. Each test commits, as the site does."""

import threading
import uuid

import pytest
from django.contrib.auth.models import User
from django.db import IntegrityError, OperationalError, connection, connections, transaction
from django.utils import timezone

from predictor.batch.models import BatchJob
from predictor.models import Prediction
from predictor.services import api_key_create
from predictor.storage import predictions_insert
from predictor.storage_batch import predictions_insert_texts
from predictor.stored import ShadowMark

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def named(active_version):
    """A version, key and batch file that predictions may name."""
    key, _ = api_key_create(name="refs", scopes=["predict"], by="tests")
    user = User.objects.create(username="uploader")
    job = BatchJob.objects.create(uploaded_by=user, file_name="people.csv", size_bytes=1, rows_total=1)
    return {"model_version": active_version, "api_key": key, "batch_job": job, "shadow_version": active_version}


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


@pytest.mark.parametrize("table", ["predictor_modelversion", "predictor_apikey", "predictor_batchjob"])
def test_a_row_still_named_cannot_be_deleted_under_the_site(named, table):
    # Straight SQL: the ORM's own PROTECT would refuse first, and is not what is tested.
    ids = {"predictor_modelversion": named["model_version"].pk, "predictor_apikey": named["api_key"].pk}
    ids["predictor_batchjob"] = BatchJob._meta.pk.get_db_prep_value(named["batch_job"].pk, connection)
    store(named)
    delete = f"DELETE FROM {table} WHERE id = %s"
    with pytest.raises(IntegrityError), connection.cursor() as cursor:
        cursor.execute(delete, [ids[table]])
    Prediction.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute(delete, [ids[table]])
        assert cursor.rowcount == 1


def test_a_version_named_by_rows_not_yet_committed_waits_for_them(named):
    """Another transaction cannot delete the version between the rows' insert and their
    commit (PostgreSQL: the check locks it; SQLite: one writer at a time)."""
    version = named["model_version"]
    refused = []

    def delete_elsewhere():
        other = connections.create_connection("default")
        try:
            with other.cursor() as cursor:
                if other.vendor == "postgresql":
                    cursor.execute("SET lock_timeout = '200ms'")
                else:
                    cursor.execute("PRAGMA busy_timeout = 200")
                cursor.execute("DELETE FROM predictor_modelversion WHERE id = %s", [version.pk])
        except OperationalError as error:  # waited, and gave up: not refused for another reason
            refused.append(error)
        finally:
            other.close()

    with transaction.atomic():
        store(named)
        worker = threading.Thread(target=delete_elsewhere)
        worker.start()
        worker.join()
    assert len(refused) == 1 and Prediction.objects.filter(model_version=version).count() == 2


def test_a_batch_the_database_refuses_raises_instead_of_answering(named):
    # On PostgreSQL the answer is written while the rows travel: the refusal must still win.
    written = []
    with pytest.raises(IntegrityError):
        predictions_insert_texts(
            inputs=['{"age":30}', '{"age":40}'],
            explanations=["[0.1]", "[0.2]"],
            probabilities=[0.2, 0.7],
            labels=[False, True],
            created_at=timezone.now(),
            model_version_id=ABSENT["model_version"],
            api_key_id=named["api_key"].pk,
            source="api",
            meanwhile=lambda ids: written.append(ids) or "answered",
        )
    assert not Prediction.objects.exists()
