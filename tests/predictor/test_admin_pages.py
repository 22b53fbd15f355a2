"""The admin's read-only pages read as tables and words, offer no Save, and say where they are."""

import pytest
from django.contrib.auth.models import Permission, User

from predictor.models import ApiKey, ModelVersion
from predictor.services import model_version_create
from tests.conftest import train_artifact

VERSIONS = "/admin/predictor/modelversion/"
KEYS = "/admin/predictor/apikey/"


def breadcrumbs(html: str) -> str:
    return html.split('<ol class="breadcrumbs">')[1].split("</ol>")[0]


def staff_with(client, *codenames: str):
    user = User.objects.create_user("viewer", password="pw-for-tests", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    client.force_login(user)
    return client


def test_a_versions_page_shows_its_metrics_as_a_table(admin_client, active_version):
    html = admin_client.get(f"{VERSIONS}{active_version.pk}/change/").content.decode()
    assert '<table class="small-table">' in html
    assert '<th scope="row">ROC AUC</th><td>0.8' in html and '<th scope="row">Training rows</th><td>32,561</td>' in html
    assert '"roc_auc"' not in html and "{" not in html.split('class="small-table"')[1].split("</table>")[0]
    assert "Age, Employer type, Education, Marital status, Race, Sex, Hours per week" in html
    assert 'name="_save"' not in html and 'name="_continue"' not in html


def test_a_version_is_activated_from_its_own_page(admin_client, active_version):
    older = model_version_create(artifact=train_artifact(preset="age,education,hours_per_week"))
    page = f"{VERSIONS}{older.pk}/change/"
    assert "Activate this version" in admin_client.get(page).content.decode()
    admin_client.post(page, {"CHANGE_FORM-action": "activate", "_selected_action": [older.pk]})
    assert ModelVersion.objects.get(is_active=True) == older


def test_a_viewer_reads_a_version_but_is_offered_no_activation(client, active_version):
    viewer = staff_with(client, "view_modelversion")
    page = viewer.get(f"{VERSIONS}{active_version.pk}/change/")
    assert page.status_code == 200 and "ROC AUC" in page.content.decode()
    assert "Activate this version" not in page.content.decode()


@pytest.fixture
def key(admin_client) -> ApiKey:
    admin_client.post(KEYS + "add/", {"name": "billing", "scopes": ["predict", "read"]})
    return ApiKey.objects.get()


def test_a_keys_page_shows_its_scopes_as_a_table_without_save(admin_client, key):
    html = admin_client.get(f"{KEYS}{key.pk}/change/").content.decode()
    assert '<th scope="row">predict</th><td>send several records at once (and single ones)</td>' in html
    assert '<th scope="row">read</th><td>fetch the predictions this key made</td>' in html
    assert "[&#x27;predict&#x27;" not in html and 'name="_save"' not in html
    listing = admin_client.get(KEYS).content.decode()
    assert "predict, read" in listing


def test_a_key_is_revoked_from_its_own_page(admin_client, key):
    admin_client.post(f"{KEYS}{key.pk}/change/", {"CHANGE_FORM-action": "revoke", "_selected_action": [key.pk]})
    key.refresh_from_db()
    assert key.revoked_at is not None


def test_the_key_created_page_has_the_admins_breadcrumbs(admin_client, db):
    html = admin_client.post(KEYS + "add/", {"name": "nightly <job>", "scopes": ["read"]}).content.decode()
    trail = breadcrumbs(html)
    assert '<a href="/admin/">Home</a>' in trail and '<a href="/admin/predictor/">Income predictor</a>' in trail
    assert '<a href="/admin/predictor/apikey/">API keys</a>' in trail
    assert '<li aria-current="page">nightly &lt;job&gt; created</li>' in trail
    assert '<div class="breadcrumbs">' not in html


@pytest.mark.parametrize(
    "page",
    [
        "/admin/predictor/",
        "/admin/predictor/prediction/",
        "/admin/predictor/outcome/",
        "/admin/predictor/outcome/add/",
        "/admin/predictor/outcome/upload/",
        VERSIONS,
        KEYS,
        KEYS + "add/",
    ],
)
def test_every_page_of_the_app_says_where_it_is(admin_client, active_version, page):
    trail = breadcrumbs(admin_client.get(page).content.decode())
    assert trail.count("<li") >= 2 and '<a href="/admin/">Home</a>' in trail
    assert trail.count('aria-current="page"') == 1


def test_activating_the_active_version_changes_nothing_and_says_so(admin_client, active_version):
    stamped = active_version.activated_at
    page = admin_client.post(VERSIONS, {"action": "activate", "_selected_action": [active_version.pk]}, follow=True)
    assert "is already active; nothing changed." in page.content.decode()
    active_version.refresh_from_db()
    assert active_version.is_active and active_version.activated_at == stamped
