"""The result link a plain post redirects to: it shows the answer, is signed, and expires."""

import pytest

from predictor.models import Prediction


def test_plain_post_redirects_to_its_result_and_a_reload_stores_nothing(client, active_version, valid_record):
    response = client.post("/", valid_record)
    assert response.status_code == 303 and response["Location"].startswith("/result/")
    for _ in range(2):  # following the redirect, then reloading
        page = client.get(response["Location"])
        html = page.content.decode()
        assert page.status_code == 200 and "<html" in html and "big-number" in html
        assert 'value="39"' in html  # the form shows what was sent
    assert Prediction.objects.count() == 1
    assert "no-store" in page["Cache-Control"]  # it shows what someone typed about a person


@pytest.mark.parametrize("token", ["1", "not-a-token", "MQ:1tZ:bad-signature"])
def test_a_forged_or_unknown_result_link_is_a_404_page(client, active_version, token):
    response = client.get(f"/result/{token}/")
    assert response.status_code == 404 and "not valid or has expired" in response.content.decode()


def test_an_old_result_link_expires(client, active_version, valid_record, monkeypatch):
    from predictor import views

    location = client.post("/", valid_record)["Location"]
    monkeypatch.setattr(views, "RESULT_MAX_AGE", -1)
    assert client.get(location).status_code == 404


def test_the_result_page_without_javascript_says_why_too(client, active_version, valid_record):
    response = client.post("/", valid_record)
    html = client.get(response["Location"]).content.decode()
    assert "Why</h2>" in html and html.count('class="reason-bar"') == len(valid_record)
