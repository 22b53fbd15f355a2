"""A row that predictions still name cannot be deleted, by any session, and each database
keeps these rules in its own way. Each test commits, as the site does."""

import threading

import pytest
from django.db import DatabaseError, IntegrityError, OperationalError, connection, connections, transaction

from predictor.batch.models import BatchJob
from predictor.models import Prediction

from .test_references import store

pytestmark = pytest.mark.django_db(transaction=True)


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
