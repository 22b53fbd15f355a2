"""The page and its htmx partial, each asked both ways, with rows counted."""

import pytest

from predictor.models import Prediction

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
    assert "<script>" not in html and "style=" not in html  # ready for a strict CSP
    assert Prediction.objects.count() == 0


def test_htmx_post_answers_the_result_partial_and_stores_one_row(client, active_version, valid_record):
    response = client.post("/", valid_record, headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and 'id="result-panel"' in html
    row = Prediction.objects.get()
    assert (row.source, row.model_version, row.inputs) == ("web", active_version, valid_record)
    assert f"{round(row.probability * 100)}%" in html
    assert f"Model v{active_version.pk}" in html


def test_plain_post_answers_the_full_page(client, active_version, valid_record):
    response = client.post("/", valid_record)
    html = response.content.decode()
    assert response.status_code == 200 and "<html" in html and "big-number" in html
    assert Prediction.objects.count() == 1


def test_three_predictions_make_three_rows(client, active_version, valid_record):
    for hours in (20, 40, 60):
        client.post("/", {**valid_record, "hours_per_week": hours}, headers=HTMX)
    assert list(Prediction.objects.order_by("pk").values_list("inputs__hours_per_week", flat=True)) == [20, 40, 60]


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
    response = client.post("/", {"age": "40"}, headers=HTMX)
    html = response.content.decode()
    assert "Choose a value." in html and 'id="id_sex_error" hx-swap-oob="true">Choose a value.' in html
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
