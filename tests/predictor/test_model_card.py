"""The model card pages: /model/ and /model/<id>/, and the comparison of versions.
Expected figures come from the stored card and scores, never typed in."""

import copy
import re

import pytest
from django.db import connection
from django.template.defaultfilters import floatformat
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from predictor.models import ModelVersion
from predictor.selectors import model_versions_compare
from predictor.services import model_version_create

HX = {"HX-Request": "true"}


def cell(html: str, name: str) -> int:
    return int(re.search(rf'id="cell-{name}">([\d,]+)', html)[1].replace(",", ""))


def figure(html: str, name: str) -> str:
    return re.search(rf'id="figure-{name}">([^<]*)<', html)[1]


def assert_threshold_figures(html: str, expected: dict) -> None:
    assert {name: cell(html, name) for name in ("tp", "fp", "tn", "fn")} == {
        name: expected[name] for name in ("tp", "fp", "tn", "fn")
    }
    for name in ("accuracy", "precision", "recall", "selection_rate"):
        shown = figure(html, name.replace("_", "-"))
        # Precision is undefined when no one is selected (at 0.99 for the seed model).
        assert shown.startswith("not defined") if expected[name] is None else shown == floatformat(expected[name], 3)


def test_the_card_of_the_active_version(client, active_version):
    response = client.get("/model/")
    html = response.content.decode()
    card = active_version.card
    assert response.status_code == 200 and "<html" in html and "<h1>About the model</h1>" in html
    for figure_ in (card["metrics"]["roc_auc"], card["baseline"]["accuracy"], card["calibration"]["ece"]):
        assert floatformat(figure_, 3) in html
    assert html.count("<svg") == 3 and "ROC curve" in html and "Precision-recall curve" in html
    assert all(escape(group["label"]) in html for group in card["fairness"]["sex"] + card["fairness"]["race"])
    assert all(escape(sentence) in html for sentence in card["limitations"])
    assert escape(card["fairness"]["summary"]["sex"]["words"]) in html
    assert card["training"]["data_sha256"]["train"] in html
    assert_threshold_figures(html, card["confusion"])


def test_counts_of_people_are_written_with_thousands_separators(client, active_version):
    html = client.get("/model/").content.decode()
    text = re.sub(r"<[^>]+>", " ", html)
    card = active_version.card
    fairness, flip = card["fairness"], card["fairness"]["flip"]["sex"]
    counts = [card["training"]["rows_train"], card["training"]["rows_test"], flip["rows"], flip["changed"]]
    counts += [row["n"] for row in fairness["sex"] + fairness["race"]]
    counts += [card["confusion"][name] for name in ("tp", "fp", "tn", "fn")]
    counts += [b["n"] for b in card["calibration"]["bins"]]
    large = sorted({n for n in counts if n >= 1000})
    assert len(large) >= 5  # 32,561 and 16,281 rows among them
    for n in large:
        assert f"{n:,}" in text, n
        assert not re.search(rf"(?<![\d,.]){n}(?![\d,.])", text), f"{n} without its separator"


def test_a_tree_card_with_a_small_group_and_unused_inputs(client, active_version):
    """The other shapes a card takes: permutation importance (trees), a group too small to
    estimate, a model that does not take sex or race."""
    card = copy.deepcopy(active_version.card)
    features = card["training"]["features"]
    items = [
        {"feature": f, "feature_label": f"label of {f}", "importance": 0.01 * i, "std": 0.001}
        for i, f in enumerate(features)
    ]
    card["importance"] = {"kind": "permutation", "items": items, "cost_seconds": 2.5}
    small = card["fairness"]["race"][-1]
    small.update(too_small=True, tpr={"value": None, "low": None, "high": None})
    for feature in ("sex", "race"):
        card["fairness"]["flip"][feature].update(in_model=False, changed=0)
    ModelVersion.objects.filter(pk=active_version.pk).update(card=card)
    html = client.get("/model/").content.decode()
    assert "Permutation importance" in html and all(f"label of {f}" in html for f in features)
    row = html[html.index(escape(small["label"])) :].split("</tr>")[0]
    assert "too few people to estimate" in row and "not estimated" in row
    assert "does not take sex as an input" in html and "does not take race as an input" in html


def test_a_version_by_its_id_and_the_url_names(client, active_version):
    assert reverse("predictor:model") == "/model/"
    assert reverse("predictor:model-version", args=[active_version.pk]) == f"/model/{active_version.pk}/"
    response = client.get(f"/model/{active_version.pk}/")
    assert response.status_code == 200 and f"Model v{active_version.pk}" in response.content.decode()


def test_an_unknown_version_is_404(client, active_version):
    assert client.get(f"/model/{active_version.pk + 1}/").status_code == 404
    assert client.get(f"/model/{active_version.pk + 1}/", headers=HX).status_code == 404


def test_a_version_from_before_cards_says_so(client, active_version, seed_artifact):
    old = model_version_create(artifact=seed_artifact)  # no card, no scores
    response = client.get(f"/model/{old.pk}/")
    html = response.content.decode()
    assert response.status_code == 200 and "trained before model cards existed" in html
    assert "<svg" not in html and 'name="threshold"' not in html
    assert f'href="/model/{active_version.pk}/"' in html  # the versions table is still there


def test_without_an_active_model_the_page_says_so(client, db):
    response = client.get("/model/")
    assert response.status_code == 200 and "No model is active yet" in response.content.decode()


def test_the_comparison_lists_every_version(client, active_version, seed_artifact):
    others = [model_version_create(artifact=seed_artifact) for _ in range(2)]
    html = client.get("/model/").content.decode()
    for version in [active_version, *others]:
        assert f'href="/model/{version.pk}/"' in html
    assert html.count(">active</td>") == 1
    assert html.count(floatformat(active_version.metrics["roc_auc"], 3)) >= 3


def test_the_comparison_and_the_page_leave_the_bytes_in_the_database(client, active_version):
    with CaptureQueriesContext(connection) as queries:
        rows = model_versions_compare()
    assert [row["id"] for row in rows] == [active_version.pk]
    assert not re.search(r'"(card|artifact|test_scores)"', queries[0]["sql"])
    with CaptureQueriesContext(connection) as queries:
        client.get("/model/")
    assert not any(re.search(r'"(artifact|test_scores)"', query["sql"]) for query in queries)


@pytest.mark.parametrize("query", ["", "?threshold=0.3", "?threshold=2"])
def test_no_inline_style_on_the_page(client, active_version, query):
    for headers in ({}, HX):
        html = client.get("/model/" + query, headers=headers).content.decode()
        assert "style=" not in html and "<style" not in html and "<script>" not in html


def test_the_footer_links_to_the_card(client, active_version):
    assert 'href="/model/">About the model</a>' in client.get("/").content.decode()
