"""The admin's shadow actions: they go through the same services as the commands, need the
change permission, and say what happened."""

from django.contrib.auth.models import Permission, User

from predictor.models import ModelVersion, Outcome
from predictor.services import model_version_create, predictions_create, shadow_score_pending

from .test_shadow import _people

VERSIONS = "/admin/predictor/modelversion/"


def _act(client, action: str, *ids):
    return client.post(VERSIONS, {"action": action, "_selected_action": list(ids)}, follow=True)


def test_staff_shadow_a_version_then_promote_it_on_live_figures(staff, active_version, hgb_artifact):
    candidate = model_version_create(artifact=hgb_artifact)
    page = _act(staff, "shadow", candidate.pk).content.decode()
    assert "now shadows every prediction" in page
    candidate.refresh_from_db()
    assert candidate.is_shadow and candidate.shadowed_by == "staff"

    page = _act(staff, "promote", candidate.pk).content.decode()
    assert "0 outcomes on rows both versions scored" in page  # refused: nothing to judge it on
    assert "`manage.py promote_shadow --force` promotes it anyway" in page  # the way past it, named
    assert ModelVersion.objects.get(is_active=True).pk == active_version.pk

    stored = predictions_create(records=_people(200), source="api")
    shadow_score_pending()
    Outcome.objects.bulk_create([Outcome(prediction_id=pk, earns_over_50k=bool(pk % 2)) for pk in stored.ids])
    page = _act(staff, "promote", candidate.pk).content.decode()
    candidate.refresh_from_db()
    if candidate.is_active:  # the gate let it through: the figures it was judged on are kept
        assert "compared on 200 predictions, 200 with outcomes" in page
        assert candidate.promotion["by"] == "staff" and candidate.activated_by == "staff"
    else:
        assert "below the active version" in page and candidate.is_shadow


def test_the_active_version_cannot_shadow_and_only_the_shadow_is_promoted(staff, active_version, hgb_artifact):
    other = model_version_create(artifact=hgb_artifact)
    assert "it is the active version" in _act(staff, "shadow", active_version.pk).content.decode()
    assert "is not the shadow" in _act(staff, "promote", other.pk).content.decode()
    _act(staff, "shadow", other.pk)
    assert "Shadowing stopped." in _act(staff, "stop_shadowing", other.pk).content.decode()
    assert not ModelVersion.objects.filter(is_shadow=True).exists()


def test_viewing_staff_are_not_offered_the_actions_and_cannot_run_them(client, active_version, hgb_artifact):
    viewer = User.objects.create_user("viewer", password="pw-for-tests", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_modelversion"))
    client.force_login(viewer)
    other = model_version_create(artifact=hgb_artifact)
    assert 'value="shadow"' not in client.get(VERSIONS).content.decode()
    _act(client, "shadow", other.pk)
    assert not ModelVersion.objects.filter(is_shadow=True).exists()


def test_the_dashboard_compares_the_shadow_on_the_same_rows(staff, active_version, hgb_artifact):
    candidate = model_version_create(artifact=hgb_artifact)
    assert "Shadow version" not in staff.get("/admin/dashboard/").content.decode()
    _act(staff, "shadow", candidate.pk)
    stored = predictions_create(records=_people(120), source="web")
    shadow_score_pending()
    page = staff.get("/admin/dashboard/").content.decode()
    assert f"Shadow version v{candidate.pk} beside v{active_version.pk}" in page
    assert "from the 120 predictions of these days both" in page
    assert 'id="active-histogram-title"' in page and 'id="shadow-histogram-title"' in page
    assert f"/admin/predictor/prediction/{stored.ids[0]}/change/" in page or "Where the two disagree most" in page
