"""The database refuses a prediction that names a missing version, key or batch file, and
the deletion of one that a prediction still names: SQLite by its foreign keys, PostgreSQL
by the statement-level checks of migration 0010. Each test commits, as the site does."""

import threading
import uuid

import pytest
from django.contrib.auth.models import User
from django.db import DatabaseError, IntegrityError, OperationalError, connection, connections, transaction
from django.utils import timezone

from predictor.batch.models import BatchJob
from predictor.models import Prediction
from predictor.services import api_key_create
from predictor.storage import predictions_insert
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


def test_no_session_setting_lets_an_orphan_in(named):
    """PostgreSQL: a session restoring a dump (an empty search path) is checked as any other,
    and a delete at REPEATABLE READ, which cannot see predictions committed after its
    snapshot, is refused. SQLite: the foreign keys that keep the rules there are declared."""
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            declared = connection.introspection.get_relations(cursor, Prediction._meta.db_table)
        assert {"model_version_id", "api_key_id", "batch_job_id", "shadow_version_id"} <= set(declared)
        return
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SET search_path = ''")
            insert = (
                "INSERT INTO public.predictor_prediction (created_at, inputs, probability, label, source, "
                "model_version_id) VALUES (now(), '{}', 0.5, true, 'api', %s)"
            )
            with pytest.raises(IntegrityError):
                cursor.execute(insert, [10**9])
            cursor.execute("RESET search_path")
        other.set_autocommit(False)
        with other.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            cursor.execute("SELECT 1")  # the snapshot is taken here, before the row below
            store(named)  # committed by the test's own connection
            with pytest.raises(DatabaseError, match="READ COMMITTED"):
                cursor.execute("DELETE FROM predictor_apikey WHERE id = %s", [named["api_key"].pk])
        other.rollback()
    finally:
        other.close()
    assert Prediction.objects.filter(api_key=named["api_key"]).count() == 2


def test_each_database_keeps_the_rules_where_a_batch_pays_least():
    """PostgreSQL: the predictions table has no foreign key, which would look each row's
    references up again at commit (a 10,000-row batch went 30,277 -> 40,780 records/s
    without them), and its inserts are checked once per statement. SQLite: its foreign
    keys are enforced on the site's connection, not only declared."""
    table = Prediction._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.execute("PRAGMA foreign_keys")
            assert cursor.fetchone()[0] == 1
            return
        cursor.execute("SELECT count(*) FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'f'", [table])
        assert cursor.fetchone()[0] == 0
        # tgtype's bit 0 marks a row trigger, bit 2 an insert's.
        cursor.execute(
            "SELECT count(*) FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal "
            "AND tgtype & 1 = 0 AND tgtype & 4 = 4",
            [table],
        )
        assert cursor.fetchone()[0] == 1
