"""Junk, missing or stale form fields: named inline, with htmx and without, and nothing stored."""

import pytest

from predictor.models import Prediction

from .test_views import HTMX

JUNK = [
    ("age", "250", "Enter a whole number from 17 to 90."),
    ("age", "abc", "Enter a whole number from 17 to 90."),
    ("age", "9" * 400, "Enter a whole number from 17 to 90."),
    ("age", "", "Enter a whole number from 17 to 90."),
    ("hours_per_week", "1e3", "Enter a whole number from 1 to 99."),
    ("workclass", "<script>alert(1)</script>", "Choose one of the listed options."),
    ("education", "PhD", "Choose one of the listed options."),
]


@pytest.mark.parametrize(("field", "value", "message"), JUNK)
@pytest.mark.parametrize("htmx", [True, False])
def test_junk_gets_an_inline_error_and_stores_nothing(
    client, active_version, valid_record, field, value, message, htmx
):
    response = client.post("/", {**valid_record, field: value}, headers=HTMX if htmx else {})
    html = response.content.decode()
    assert response.status_code == 200
    assert f'id="id_{field}_error"' in html and message in html
    assert "<script>alert" not in html
    assert ("<html" in html) is not htmx
    if htmx:  # the error slot is swapped out of band, next to its field
        assert f'<p class="field-error" id="id_{field}_error" hx-swap-oob="true">{message}' in html
    assert Prediction.objects.count() == 0


def test_missing_fields_are_named(client, active_version):
    response = client.post("/", {"age": "40"})
    html = response.content.decode()
    assert 'id="id_sex_error">Choose a value.' in html
    assert Prediction.objects.count() == 0


def test_an_empty_post_is_an_invalid_form_not_a_blank_page(client, active_version):
    html = client.post("/", {}).content.decode()
    assert "Enter a whole number from 17 to 90." in html and "Fix the highlighted fields" in html


def test_an_htmx_form_drawn_for_another_model_reloads_the_page(client, active_version, valid_record):
    """htmx posts every field the page shows, so other names mean the page is out of date."""
    stale = {k: v for k, v in valid_record.items() if k != "race"}
    response = client.post("/", stale, headers=HTMX)
    assert response.status_code == 200 and response["HX-Refresh"] == "true"
    assert Prediction.objects.count() == 0
