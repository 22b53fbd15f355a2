"""Explanations add up: base + contributions is the model's own log-odds, for every test row."""

import json
import math

import numpy as np
import pytest

import mlcore
from mlcore.explain import Explainer, compact, expand, term_averages
from mlcore.fitted import linear_weights

TOLERANCE = 1e-9


@pytest.fixture(scope="module", params=["seed", "full"])
def case(request, seed_model, seed_split, full_split):
    """A fitted logistic model, its explainer measured from its training split, and its test split."""
    split = seed_split if request.param == "seed" else full_split
    model = seed_model if request.param == "seed" else mlcore.train(split.train, split.test, mlcore.PRESETS["full"])
    weights = linear_weights(model.pipeline, model.schema)
    explainer = Explainer(weights, term_averages(weights, split.train), model.schema.names)
    return model, explainer, split


def test_base_plus_contributions_is_the_log_odds_on_the_whole_test_split(case):
    model, explainer, split = case
    rows = split.test[list(model.schema.names)]
    log_odds = model.pipeline.decision_function(rows)
    probabilities = model.pipeline.predict_proba(rows)[:, 1]
    totals = np.array(
        [
            explained["base"] + math.fsum(c["contribution"] for c in explained["contributions"])
            for explained in map(explainer.explain, rows.to_dict("records"))
        ]
    )
    assert np.abs(totals - log_odds).max() < TOLERANCE
    # logit(p) too, where a float64 p still pins it down: at p = 1 - 1e-15 (the full model
    # has such rows) one rounding step of p moves its logit by more than 0.1.
    representable = (probabilities > 1e-6) & (probabilities < 1 - 1e-6)
    assert representable.mean() > 0.99
    logits = np.log(probabilities) - np.log1p(-probabilities)
    assert np.abs(totals - logits)[representable].max() < TOLERANCE


def test_one_entry_per_input_in_the_schemas_order_with_the_value_given(case):
    model, explainer, split = case
    record = split.test[list(model.schema.names)].iloc[0].to_dict()
    contributions = explainer.explain(record)["contributions"]
    assert [c["feature"] for c in contributions] == list(model.schema.names)
    assert [c["value"] for c in contributions] == list(record.values())


def test_the_base_is_the_average_training_person(case):
    model, explainer, split = case
    rows = split.train[list(model.schema.names)]
    # Over the training rows every contribution averages to zero, so the base is their mean log-odds.
    assert explainer.base == pytest.approx(np.mean(model.pipeline.decision_function(rows)), abs=TOLERANCE)


def test_a_change_to_one_input_moves_only_its_contribution(seed_model, seed_split):
    weights = linear_weights(seed_model.pipeline, seed_model.schema)
    explainer = Explainer(weights, term_averages(weights, seed_split.train), seed_model.schema.names)
    record = seed_split.test[list(seed_model.schema.names)].iloc[0].to_dict()
    single = explainer.explain({**record, "marital_status": "Never-married"})["contributions"]
    married = explainer.explain({**record, "marital_status": "Married-civ-spouse"})["contributions"]
    moved = [a["feature"] for a, b in zip(single, married, strict=True) if a["contribution"] != b["contribution"]]
    assert moved == ["marital_status"]
    assert married[3]["contribution"] > single[3]["contribution"]  # marriage raises the chance in this data


def test_a_loaded_logistic_model_explains_and_so_does_a_tree_model(predictor, seed_artifact, full_hgb):
    # The averages travel in the artifact's JSON metadata and are read back at load time.
    assert json.loads(json.dumps(seed_artifact.metadata))["term_averages"] == predictor.term_averages
    assert predictor.explainer is not None and predictor.explainer.names == list(predictor.schema.names)
    assert full_hgb.term_averages is None
    trees = mlcore.Predictor(full_hgb.pipeline, full_hgb.schema)
    assert (predictor.method, trees.method) == ("linear", "tree_shap") and trees.explainer is not None


def test_an_artifact_without_averages_still_predicts_unexplained(seed_model, valid_record):
    artifact = mlcore.dump(seed_model, {"train": "x", "test": "y"})
    metadata = {k: v for k, v in artifact.metadata.items() if k != "term_averages"}
    loaded = mlcore.load(artifact.data, artifact.sha256, metadata)
    assert loaded.explainer is None and loaded.scorer is not None
    assert 0 < loaded.predict_one(valid_record)["probability"] < 1


def test_the_stored_form_expands_back_to_the_answer(case):
    model, explainer, split = case
    records = split.test[list(model.schema.names)].head(200).to_dict("records")
    for record, explained in zip(records, explainer.explain_many(records), strict=True):
        stored = json.loads(json.dumps(compact(explained)))  # as the database gives it back
        assert expand(stored, record) == {**explained, "method": "linear"}
        assert explained == explainer.explain(record)


def test_one_record_and_a_batch_give_the_same_figures_to_the_bit(case):
    model, explainer, split = case
    records = split.test[list(model.schema.names)].head(300).to_dict("records")
    assert [explainer.explain(r) for r in records] == explainer.explain_many(records)
