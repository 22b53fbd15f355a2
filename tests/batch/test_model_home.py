"""The batch wing owns BatchJob's code, while its rows stay where they were: the same
table, migrations and permission, so a database migrated before the wing existed needs
nothing and whoever could upload still can."""

import io

import pytest
from django.contrib.auth.models import Permission, User
from django.core.management import call_command

from predictor.batch.models import BatchJob


def test_the_job_keeps_the_predictor_apps_table_and_label():
    assert (BatchJob._meta.app_label, BatchJob._meta.db_table) == ("predictor", "predictor_batchjob")


@pytest.mark.django_db
def test_the_models_need_no_migration():
    out = io.StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)  # exits non-zero on a change
    assert "No changes detected" in out.getvalue()


@pytest.mark.django_db
def test_the_batch_permission_is_still_granted_as_before():
    user = User.objects.create_user("uploader")
    permission = Permission.objects.get(codename="run_batch")
    assert permission.content_type.app_label == "predictor"
    user.user_permissions.add(permission)
    assert User.objects.get(pk=user.pk).has_perm("predictor.run_batch")
