"""Staff record an outcome one by one: nothing preselected, a page that asks to confirm, and a
correction (with the change permission) that goes through the service and into the log."""

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission, User

from predictor.models import Outcome
from predictor.services import outcome_record, prediction_create

ADD = "/admin/predictor/outcome/add/"


@pytest.fixture
def prediction(active_version, valid_record):
    from predictor.models import Prediction

    return Prediction.objects.get(pk=prediction_create(inputs=valid_record, source="web").id)


def staff_with(client, *codenames: str):
    user = User.objects.create_user("clerk", password="pw-for-tests", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    client.force_login(user)
    return client


def change_page(prediction) -> str:
    return f"/admin/predictor/outcome/{prediction.pk}/change/"


def test_the_add_form_has_no_answer_chosen(staff, prediction):
    html = staff.get(ADD).content.decode()
    select = html.split('name="earns_over_50k"')[1].split("</select>")[0]
    assert '<option value="" selected>Choose what the person earned</option>' in select
    assert select.count("selected") == 1
    refused = staff.post(ADD, {"prediction": prediction.pk})
    assert refused.status_code == 200 and "This field is required." in refused.content.decode()
    assert not Outcome.objects.exists()


def test_recording_asks_to_confirm_first(staff, prediction):
    asked = staff.post(ADD, {"prediction": prediction.pk, "earns_over_50k": "True"})
    html = asked.content.decode()
    assert asked.status_code == 200 and not Outcome.objects.exists()
    assert f"Record <strong>income over $50K</strong> as the outcome of prediction #{prediction.pk}?" in html
    assert "Bachelor&#x27;s degree" in html and "State government" in html  # the person, in words
    assert f'href="{ADD}?prediction={prediction.pk}&amp;earns_over_50k=True"' in html  # "No, go back"
    assert '<li aria-current="page">Confirm</li>' in html
    done = staff.post(ADD, {"prediction": prediction.pk, "earns_over_50k": "True", "_save": "", "_confirmed": "1"})
    assert done.status_code == 302
    outcome = Outcome.objects.get()
    assert outcome.earns_over_50k is True and outcome.recorded_by == "staff staff"


def test_going_back_keeps_the_choices(staff, prediction):
    html = staff.get(f"{ADD}?prediction={prediction.pk}&earns_over_50k=False").content.decode()
    assert '<option value="False" selected>' in html and f'value="{prediction.pk}"' in html


def test_a_second_outcome_is_refused_and_points_to_the_correction(staff, prediction):
    outcome_record(prediction=prediction, earns_over_50k=True, by="key cs_x")
    again = staff.post(ADD, {"prediction": prediction.pk, "earns_over_50k": "False", "_confirmed": "1"})
    assert again.status_code == 200 and "already has an outcome; to correct it" in again.content.decode()
    assert Outcome.objects.get().earns_over_50k is True


def test_staff_correct_an_outcome_after_confirming(staff, prediction):
    outcome_record(prediction=prediction, earns_over_50k=True, by="key cs_x")
    page = change_page(prediction)
    form = staff.get(page).content.decode()
    assert '<option value="True" selected>' in form
    asked = staff.post(page, {"earns_over_50k": "False", "_save": ""}).content.decode()
    assert "to <strong>income $50K or less</strong>?" in asked and "from income over $50K" in asked
    assert Outcome.objects.get().earns_over_50k is True  # not yet
    done = staff.post(page, {"earns_over_50k": "False", "_save": "", "_confirmed": "1"})
    assert done.status_code == 302
    outcome = Outcome.objects.get()
    assert outcome.earns_over_50k is False and outcome.recorded_by == "staff staff"
    logged = LogEntry.objects.get(object_id=str(prediction.pk))
    assert logged.get_change_message() == "Corrected the outcome from income over $50K to income $50K or less."


def test_a_correction_to_the_same_value_is_refused(staff, prediction):
    outcome_record(prediction=prediction, earns_over_50k=True, by="key cs_x")
    same = staff.post(change_page(prediction), {"earns_over_50k": "True", "_confirmed": "1"})
    assert same.status_code == 200 and "already recorded" in same.content.decode()
    assert Outcome.objects.get().recorded_by == "key cs_x"


def test_a_viewer_reads_an_outcome_without_save_and_cannot_correct_it(client, prediction):
    outcome_record(prediction=prediction, earns_over_50k=True, by="key cs_x")
    viewer = staff_with(client, "view_outcome")
    html = viewer.get(change_page(prediction)).content.decode()
    assert "Income over $50K" in html and 'name="_save"' not in html
    for data in ({"earns_over_50k": "False"}, {"earns_over_50k": "False", "_confirmed": "1"}):
        assert viewer.post(change_page(prediction), data).status_code == 403
    assert Outcome.objects.get().earns_over_50k is True


def test_the_person_is_shown_only_to_those_who_may_read_the_history(client, prediction):
    clerk = staff_with(client, "add_outcome", "view_outcome")
    html = clerk.post(ADD, {"prediction": prediction.pk, "earns_over_50k": "False"}).content.decode()
    assert "Record <strong>income $50K or less</strong>" in html
    assert "State government" not in html and "The person" not in html
    clerk.post(ADD, {"prediction": prediction.pk, "earns_over_50k": "False", "_confirmed": "1"})
    assert Outcome.objects.get().earns_over_50k is False


def test_the_list_says_outcomes_in_words(staff, prediction):
    outcome_record(prediction=prediction, earns_over_50k=False, by="key cs_x")
    html = staff.get("/admin/predictor/outcome/").content.decode()
    assert "Income $50K or less" in html and "By outcome" in " ".join(html.split())
    assert staff.get("/admin/predictor/outcome/?earns_over_50k=1").context["cl"].result_list.count() == 0


@pytest.mark.parametrize("page", ["change", "history", "delete"])
@pytest.mark.parametrize("pk", ["99999999999999999999999", str(2**63), "-1", "abc"])
def test_an_id_that_names_no_outcome_is_not_found_never_a_server_error(staff, page, pk):
    response = staff.get(f"/admin/predictor/outcome/{pk}/{page}/")
    # Not found: the admin's redirect with a message; outcomes are never deleted, whatever the id.
    assert response.status_code == (403 if page == "delete" else 302), response.status_code
