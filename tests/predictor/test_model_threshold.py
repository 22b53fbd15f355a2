"""The threshold control, with htmx and without: figures recomputed from the stored scores."""

import pytest

from mlcore import evaluate
from predictor.models import ModelVersion

from .test_model_card import HX, assert_threshold_figures

THRESHOLD_ERROR = "Threshold: enter a number from 0.01 to 0.99."


def stored_scores(version):
    data = ModelVersion.objects.filter(pk=version.pk).values_list("test_scores", flat=True).get()
    return evaluate.unpack_scores(data)


@pytest.mark.parametrize("threshold", [0.01, 0.2, 0.37, 0.5, 0.99])
def test_the_threshold_partial_recomputes_from_the_stored_scores(client, active_version, threshold):
    response = client.get("/model/", {"threshold": threshold}, headers=HX)
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html and "<svg" not in html
    assert_threshold_figures(html, evaluate.at_threshold(*stored_scores(active_version), threshold))
    assert 'id="id_threshold_error" hx-swap-oob="true"></p>' in html  # an earlier error is cleared


def test_without_javascript_the_threshold_redraws_the_whole_page(client, active_version):
    response = client.get(f"/model/{active_version.pk}/", {"threshold": "0.3"})
    html = response.content.decode()
    assert response.status_code == 200 and "<html" in html
    assert 'value="0.3"' in html
    assert_threshold_figures(html, evaluate.at_threshold(*stored_scores(active_version), 0.3))


INVALID = ["0", "1", "0.995", "-0.2", "abc", "", "nan", "inf", "1e309", "0.5.1"]


@pytest.mark.parametrize("value", INVALID)
@pytest.mark.parametrize("headers", [HX, {}], ids=["htmx", "plain"])
def test_an_invalid_threshold_names_the_field_and_range(client, active_version, value, headers):
    response = client.get("/model/", {"threshold": value}, headers=headers)
    html = response.content.decode()
    assert response.status_code == 200
    assert THRESHOLD_ERROR in html and "Fix the threshold" in html and 'id="cell-tp"' not in html
    assert ("<html" in html) is not bool(headers)


def test_a_history_restore_gets_the_whole_page(client, active_version):
    response = client.get("/model/", {"threshold": "0.3"}, headers={**HX, "HX-History-Restore-Request": "true"})
    assert "<html" in response.content.decode()


def test_the_answer_varies_on_htmx_and_only_reads(client, active_version):
    assert "HX-Request" in client.get("/model/")["Vary"]
    assert client.post("/model/").status_code == 405
