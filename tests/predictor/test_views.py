"""The page and its htmx partial, each asked both ways, with rows counted."""

import re

import pytest

from predictor.models import ModelVersion, Prediction

HTMX = {"HX-Request": "true"}


def test_page_has_the_seed_fields_from_the_schema(client, active_version):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200 and "<html" in html
    for name in ("age", "workclass", "education", "marital_status", "race", "sex", "hours_per_week"):
        assert f'name="{name}"' in html
    for category in active_version.metadata["schema"]["features"][1]["categories"]:
        assert f'value="{category}"' in html
    assert 'hx-post="/"' in html and "htmx" in html
    # Ready for a strict Content-Security-Policy: no inline script or style anywhere.
    scripts = re.findall(r"<script[^>]*>", html)
    assert scripts and all(" src=" in tag for tag in scripts)
    assert "style=" not in html and "<style" not in html
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "unsafe-inline" not in policy
    assert Prediction.objects.count() == 0


def test_htmx_post_answers_the_result_partial_and_stores_one_row(client, active_version, valid_record):
    response = client.post("/", valid_record, headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    # Only the panel's contents: htmx swaps them into the live region that stays in the page.
    assert "<html" not in html and 'id="result-panel"' not in html and "result-label" in html
    row = Prediction.objects.get()
    assert (row.source, row.model_version, row.inputs) == ("web", active_version, valid_record)
    assert f"{round(row.probability * 100)}%" in html
    assert f"Model v{active_version.pk}" in html


def test_three_predictions_make_three_rows(client, active_version, valid_record):
    for hours in (20, 40, 60):
        client.post("/", {**valid_record, "hours_per_week": hours}, headers=HTMX)
    assert list(Prediction.objects.order_by("pk").values_list("inputs__hours_per_week", flat=True)) == [20, 40, 60]


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_other_methods_are_refused(client, active_version, method):
    assert getattr(client, method)("/").status_code == 405


def test_an_unloadable_active_model_is_a_503_not_a_500(client, active_version, valid_record):
    metadata = {**active_version.metadata, "sklearn_version": "0.0"}
    ModelVersion.objects.filter(pk=active_version.pk).update(metadata=metadata)
    plain = client.post("/", valid_record)
    assert plain.status_code == 503 and "built with scikit-learn 0.0" in plain.content.decode()
    partial = client.post("/", valid_record, headers=HTMX)
    assert partial.status_code == 200 and "activate_model" in partial.content.decode()
    assert client.get("/").status_code == 200
    assert Prediction.objects.count() == 0


def test_no_active_model_says_what_to_run(client, db, valid_record):
    page = client.get("/")
    assert page.status_code == 200 and "manage.py retrain" in page.content.decode()
    plain = client.post("/", valid_record)
    assert plain.status_code == 503 and "manage.py retrain" in plain.content.decode()
    partial = client.post("/", valid_record, headers=HTMX)
    assert partial.status_code == 200 and "<html" not in partial.content.decode()
    assert "manage.py retrain" in partial.content.decode()
    assert Prediction.objects.count() == 0


def test_a_prediction_reads_the_active_version_once(client, active_version, valid_record):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get("/")  # the model is loaded once per process, before this request
    with CaptureQueriesContext(connection) as queries:
        client.post("/", valid_record, headers=HTMX)
    lookups = [q["sql"] for q in queries.captured_queries if '"is_active"' in q["sql"]]
    assert len(lookups) == 1
    assert Prediction.objects.count() == 1


def test_the_panel_says_why_in_words_and_bars_and_the_row_keeps_the_reasons(client, active_version, valid_record):
    from html import unescape

    from mlcore.explain import compact, expand
    from mlcore.reasons import reasons
    from predictor.registry import active_model

    html = client.post("/", valid_record, headers=HTMX).content.decode()
    row = Prediction.objects.get()
    predictor = active_model().predictor
    assert row.explanation == compact(predictor.explainer.explain(valid_record))
    listed = reasons(expand(row.explanation, row.inputs))
    assert len(listed) == len(valid_record)
    text = unescape(html)  # however each part escaped a quote, the words read the same
    positions = [text.index(reason["words"]) for reason in listed]
    assert positions == sorted(positions)  # largest effect first, as mlcore ordered them
    assert html.count('class="reason-bar"') == len(listed)
    assert ' style="' not in html  # bars are SVG attributes and classes: the CSP stays strict
    for change in predictor.what_would_change(row.inputs):
        assert change["words"] in text
