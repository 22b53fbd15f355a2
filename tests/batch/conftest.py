"""What the batch tests share: a folder of their own for the jobs' files, and an uploader
who is not staff but holds the batch permission."""

import pytest
from django.contrib.auth.models import Permission, User


@pytest.fixture(autouse=True)
def batch_dir(settings, tmp_path):
    settings.BATCH_DIR = tmp_path / "batch"
    settings.BATCH_CHUNK_ROWS = 300
    return settings.BATCH_DIR


@pytest.fixture
def uploader(client, db):
    user = User.objects.create_user("ada", password="pw-for-tests")
    user.user_permissions.add(Permission.objects.get(codename="run_batch"))
    client.force_login(user)
    return user
