"""Arriving shows an estimate: GET / answers for the person the form starts with, reasons
and what would change it included, and stores nothing, counts nothing, limits nothing."""

import re
from html import unescape
from types import SimpleNamespace

from prometheus_client import REGISTRY

from predictor.models import Prediction
from predictor.registry import active_model

HTMX = {"HX-Request": "true"}


def starting_person() -> dict:
    return {f.name: f.default for f in active_model().predictor.schema.features}


def answer_part(page: str) -> str:
    """The panel from its answer to its model line: what a POST and an arrival both show."""
    return re.search(r'<p class="result-label">.*?(?=<p class="model-version">)', page, flags=re.DOTALL).group(0)


def counted(version) -> float:
    labels = {"source": "web", "model_version": str(version.pk)}
    return REGISTRY.get_sample_value("censussite_predictions_total", labels) or 0.0


def test_arriving_shows_the_starting_persons_estimate_and_stores_nothing(client, active_version):
    page = client.get("/").content.decode()
    predictor = active_model().predictor
    person = starting_person()
    probability = predictor.predict_one(person)["probability"]
    figure = re.search(r'<span class="big-number">(\d+)%</span>', page)
    assert figure and int(figure.group(1)) == round(probability * 100)
    assert 'class="reason-list"' in page and page.count('class="reason-bar"') == len(person)
    for change in predictor.what_would_change(person):
        assert change["words"] in unescape(page)
    assert 'class="result-empty"' not in page
    assert Prediction.objects.count() == 0


def test_the_arrival_panel_reads_as_the_panel_after_posting_the_same_person(client, active_version):
    arrived = answer_part(client.get("/").content.decode())
    posted = answer_part(client.post("/", starting_person(), headers=HTMX).content.decode())
    assert arrived == posted and "What would change it" in arrived
    assert Prediction.objects.count() == 1  # the POST's, and only it


def test_arriving_counts_no_prediction_in_the_metrics(client, active_version, django_capture_on_commit_callbacks):
    before = counted(active_version)
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            assert client.get("/").status_code == 200
    assert counted(active_version) == before
    with django_capture_on_commit_callbacks(execute=True):  # a POST is counted: the check can fail
        client.post("/", starting_person(), headers=HTMX)
    assert counted(active_version) == before + 1


def test_arriving_takes_nothing_from_the_forms_limit(client, active_version, settings, monkeypatch):
    pinned = SimpleNamespace(time=lambda: 1_800_000_000 - 1_800_000_000 % 60 + 10.0)  # 50 s left in a minute
    monkeypatch.setattr("predictor.limits.time", pinned)
    settings.FORM_RATE = "1/min"
    for _ in range(5):
        assert client.get("/").status_code == 200
    assert client.post("/", starting_person(), headers=HTMX).status_code == 200
    assert client.post("/", starting_person(), headers=HTMX).status_code == 429


def test_an_estimate_above_50_percent_names_only_the_risk_and_none_says_so_plainly(client, active_version):
    above = {**starting_person(), "age": 28, "education": "Bachelors", "hours_per_week": 45}
    page = client.post("/", above, headers=HTMX).content.decode()
    assert "What would bring it below 50%" in page and page.count("<li>At ") == 1
    assert "At 30 hours a week instead of 45, the chance would fall to 49.9%." in page
    settled = {**above, "age": 52, "education": "Masters"}
    page = client.post("/", settled, headers=HTMX).content.decode()
    assert 'class="change-list"' not in page
    assert "No single change a person could make (hours from 12 to 66 a week, more schooling or another " in page
    assert "employer type) would bring this estimate below 50%." in page


def test_a_result_link_still_shows_its_own_answer(client, active_version, valid_record):
    location = client.post("/", valid_record)["Location"]
    page = client.get(location).content.decode()
    row = Prediction.objects.get()
    assert f'<span class="big-number">{round(row.probability * 100)}%</span>' in page
    assert 'value="39"' in page and 'class="changes-none"' in page
