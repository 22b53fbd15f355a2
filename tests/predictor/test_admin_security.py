"""The admin's locks: permissions checked where actions run, login lockout, API keys, and a
history that stays readable when the active model cannot be loaded."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission, User
from django.test import Client

from predictor.models import ApiKey, ModelVersion
from predictor.selectors import api_key_find
from predictor.services import model_version_create
from tests.conftest import train_artifact

VERSIONS = "/admin/predictor/modelversion/"
KEYS = "/admin/predictor/apikey/"


def staff_with(client, *codenames: str) -> Client:
    user = User.objects.create_user("viewer", password="pw-for-tests", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    client.force_login(user)
    return client


@pytest.fixture
def older_version(active_version):
    return model_version_create(artifact=train_artifact(preset="age,education,hours_per_week"))


def activate(client, version):
    return client.post(VERSIONS, {"action": "activate", "_selected_action": [version.pk]})


def test_a_view_only_staff_user_cannot_activate_a_version(client, active_version, older_version):
    viewer = staff_with(client, "view_modelversion")
    page = viewer.get(VERSIONS).content.decode()
    assert 'value="activate"' not in page  # not offered
    activate(viewer, older_version)  # and refused where it runs, even when posted by hand
    assert ModelVersion.objects.get(is_active=True) == active_version


def test_the_change_permission_allows_activation(client, active_version, older_version):
    editor = staff_with(client, "view_modelversion", "change_modelversion")
    activate(editor, older_version)
    assert ModelVersion.objects.get(is_active=True) == older_version


def test_failed_logins_are_locked_out_even_with_the_right_password(db):
    User.objects.create_superuser("boss", "boss@example.com", "right-password")
    browser = Client()
    for _ in range(5):
        browser.post("/admin/login/", {"username": "boss", "password": "wrong"})
    response = browser.post("/admin/login/", {"username": "boss", "password": "right-password"})
    assert response.status_code == 429  # django-axes' lockout answer
    assert "_auth_user_id" not in browser.session
    # The site's own page, saying for how long (settings' cool-off) and what to do.
    page = response.content.decode()
    assert "Too many failed sign-ins" in page and "paused for an hour" in page and settings.AXES_COOLOFF_TIME == 1
    assert "After 5 failed attempts for <strong>boss</strong>" in page


def test_staff_create_a_key_and_see_it_once(admin_client):
    response = admin_client.post(KEYS + "add/", {"name": "billing", "scopes": ["predict"]})
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    secret = response.content.decode().split('class="api-key-secret">')[1].split("<")[0]
    key = ApiKey.objects.get()
    assert api_key_find(secret) == key and key.scopes == ["predict"] and key.created_by == "admin"
    assert secret not in admin_client.get(f"{KEYS}{key.pk}/change/").content.decode()


def test_staff_revoke_a_key(admin_client):
    admin_client.post(KEYS + "add/", {"name": "old", "scopes": ["read"]})
    key = ApiKey.objects.get()
    admin_client.post(KEYS, {"action": "revoke", "_selected_action": [key.pk]})
    key.refresh_from_db()
    assert key.revoked_at is not None


def test_a_view_only_staff_user_cannot_revoke_keys(client, db):
    key = ApiKey.objects.create(name="x", prefix="cs_aaaaaaaaaaaa", key_hash="0" * 64, scopes=["read"])
    viewer = staff_with(client, "view_apikey")
    viewer.post(KEYS, {"action": "revoke", "_selected_action": [key.pk]})
    key.refresh_from_db()
    assert key.revoked_at is None


def test_history_with_an_unloadable_model_says_what_to_do(admin_client, active_version, seed_artifact):
    ModelVersion.objects.filter(pk=active_version.pk).update(artifact=seed_artifact.data + b"tampered")
    for page in ("/admin/predictor/prediction/", VERSIONS):
        response = admin_client.get(page)
        html = response.content.decode()
        assert response.status_code == 200
        assert "cannot be loaded" in html and "Activate another model version" in html


def test_the_admin_url_comes_from_the_environment():
    code = "import django; django.setup(); from django.urls import reverse; print(reverse('admin:index'))"
    env = {"DJANGO_ADMIN_URL": "staff-only/", "DJANGO_SETTINGS_MODULE": "censussite.settings"}
    out = subprocess.run([sys.executable, "-c", code], env={**os.environ, **env}, capture_output=True)
    assert out.stdout.decode().strip() == "/staff-only/", out.stderr.decode()[-500:]


def test_behind_a_proxy_a_lockout_holds_back_one_client_not_everyone(db, settings):
    settings.NINJA_NUM_PROXIES = 1  # the proxy appends the client's address to X-Forwarded-For
    User.objects.create_superuser("boss", "boss@example.com", "right-password")
    attacker, colleague = Client(HTTP_X_FORWARDED_FOR="203.0.113.7"), Client(HTTP_X_FORWARDED_FOR="198.51.100.2")
    for _ in range(5):
        attacker.post("/admin/login/", {"username": "boss", "password": "wrong"})
    assert attacker.post("/admin/login/", {"username": "boss", "password": "right-password"}).status_code == 429
    response = colleague.post("/admin/login/", {"username": "boss", "password": "right-password"})
    assert response.status_code == 302 and "_auth_user_id" in colleague.session
