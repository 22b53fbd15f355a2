"""Every answer says why, exactly: base + contributions is the log-odds of its probability."""

import math

import numpy as np
import pandas as pd
import pytest

import mlcore

from .conftest import PREDICTIONS, bearer

TOLERANCE = 1e-9


@pytest.fixture(scope="module")
def test_split_records():
    """Every row of the official test split (16,281), with the default model's inputs."""
    from tests.conftest import DATA_DIR

    names = list(mlcore.resolve_features("seed"))
    frame, _ = mlcore.load_dataset(DATA_DIR / "adult.test", names)
    return frame[names].to_dict("records")


def total(explanation: dict) -> float:
    return explanation["base"] + math.fsum(c["contribution"] for c in explanation["contributions"])


def logit(p: float) -> float:
    return math.log(p) - math.log1p(-p)


def test_base_plus_contributions_is_logit_p_on_every_row_of_the_test_split(
    post, active_version, test_split_records, seed_build
):
    assert len(test_split_records) == 16_281
    answers = []
    for start in range(0, len(test_split_records), 10_000):
        response = post({"instances": test_split_records[start : start + 10_000]})
        assert response.status_code == 201, response.content[:300]
        answers += response.json()["predictions"]
    names = list(mlcore.resolve_features("seed"))
    log_odds = seed_build.trained.pipeline.decision_function(
        pd.DataFrame.from_records(test_split_records, columns=names)
    )
    totals = np.array([total(a["explanation"]) for a in answers])
    logits = np.array([logit(a["probability"]) for a in answers])
    assert np.abs(totals - logits).max() < TOLERANCE
    assert np.abs(totals - log_odds).max() < TOLERANCE  # and the pipeline's own log-odds


def test_one_entry_per_input_in_the_forms_order_with_the_value_given(post, active_version, valid_record):
    answer = post(valid_record).json()
    entries = answer["explanation"]["contributions"]
    assert [e["feature"] for e in entries] == list(valid_record)
    assert {e["feature"]: e["value"] for e in entries} == valid_record
    assert isinstance(answer["explanation"]["base"], float)


def test_the_explanation_is_stored_and_read_back_the_same(client, post, active_version, valid_record, api_key):
    answer = post({"instances": [valid_record]}).json()["predictions"][0]
    stored = client.get(f"{PREDICTIONS}/{answer['id']}", **bearer(api_key)).json()
    assert stored["explanation"] == answer["explanation"]


def test_changing_one_input_changes_only_its_own_contribution(post, active_version, valid_record):
    before = post(valid_record).json()["explanation"]["contributions"]
    after = post({**valid_record, "marital_status": "Married-civ-spouse"}).json()["explanation"]["contributions"]
    moved = [b["feature"] for b, a in zip(before, after, strict=True) if b["contribution"] != a["contribution"]]
    assert moved == ["marital_status"]


def test_a_full_gradient_boosted_model_explains_every_row_exactly_through_the_api(client, post, db):
    """The issue's own check: a full hgb version active, all 16,281 test rows sent, each
    explanation TreeSHAP's, adding up to the model's own log-odds; and the page explains it."""
    from predictor.services import model_version_activate, model_version_create
    from tests.conftest import DATA_DIR, train_artifact

    artifact = train_artifact(preset="full", algorithm="hgb")
    version = model_version_activate(version=model_version_create(artifact=artifact), by="tests")
    names = list(mlcore.resolve_features("full"))
    frame, _ = mlcore.load_dataset(DATA_DIR / "adult.test", names)
    records = frame[names].to_dict("records")
    answers = []
    for start in range(0, len(records), 10_000):
        response = post({"instances": records[start : start + 10_000]})
        assert response.status_code == 201, response.content[:300]
        answers += response.json()["predictions"]
    assert len(answers) == 16_281 and {a["model_version"] for a in answers} == {version.pk}
    assert all(a["explanation"] is not None and a["explanation"]["method"] == "tree_shap" for a in answers)
    pipeline = mlcore.load(artifact.data, artifact.sha256, artifact.metadata).pipeline
    log_odds = pipeline.decision_function(pd.DataFrame.from_records(records, columns=names))
    totals = np.array([total(a["explanation"]) for a in answers])
    assert np.abs(totals - log_odds).max() < 1e-6
    page = client.get("/").content.decode()
    assert 'class="reason-list"' in page and ("change-list" in page or "changes-none" in page)
