"""The compiled scorer gives the logistic pipeline's own probabilities, from its weights alone."""

import json
import math
import pickle

import numpy as np
import pytest
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler
from threadpoolctl import threadpool_limits

import mlcore
from mlcore.fitted import NotLinearError, linear_weights
from mlcore.linear import LinearWeights
from mlcore.scorer import Scorer
from mlcore.training import build_pipeline
from mlcore.whatif import changed_people, plausible_changes

from .conftest import load_split

TOLERANCE = 1e-9
SUBSET = "age,education,hours_per_week"


@pytest.fixture(scope="module", params=["seed", SUBSET, "full"])
def case(request, seed_model, seed_split, full_split):
    """A fitted logistic model, its whole held-out split as cleaned records, and the pipeline's answers."""
    if request.param == "seed":
        model, split = seed_model, seed_split
    else:
        split = full_split if request.param == "full" else load_split(request.param)
        model = mlcore.train(split.train, split.test, mlcore.resolve_features(request.param))
    rows = split.test[list(model.schema.names)]
    return model, rows.to_dict("records"), model.pipeline.predict_proba(rows)[:, 1]


def scorer_of(model) -> Scorer:
    return Scorer(linear_weights(model.pipeline, model.schema))


def test_score_many_matches_the_pipeline_on_the_whole_test_split(case):
    model, records, expected = case
    scores = scorer_of(model).score_many(records)
    assert scores.dtype == np.float64 and scores.shape == expected.shape
    assert np.abs(scores - expected).max() < TOLERANCE


def test_score_one_matches_the_pipeline_on_the_whole_test_split(case):
    model, records, expected = case
    scorer = scorer_of(model)
    assert np.abs(np.array([scorer.score_one(r) for r in records]) - expected).max() < TOLERANCE


def test_score_changes_matches_scoring_each_changed_person(case):
    """The what-if shortcut (one term swapped per change) answers as scoring every changed
    person whole would, for the first 300 people of the split and every plausible change."""
    model, records, _ = case
    scorer = scorer_of(model)
    for record in records[:300]:
        options = plausible_changes(model.schema, record)
        expected = scorer.score_many(changed_people(record, options))
        found = scorer.score_changes(record, options)
        assert len(found) == len(expected) == 1 + sum(map(len, options.values()))
        assert np.abs(np.array(found) - expected).max() < 1e-12


@pytest.mark.parametrize("value", ["Astronaut", None], ids=repr)
def test_unknown_or_missing_category_adds_nothing_as_in_the_pipeline(seed_model, seed_split, value):
    rows = seed_split.test[list(seed_model.schema.names)].head(50).copy()
    rows["workclass"] = value
    expected = seed_model.pipeline.predict_proba(rows)[:, 1]
    scorer, records = scorer_of(seed_model), rows.to_dict("records")
    assert np.abs(scorer.score_many(records) - expected).max() < TOLERANCE
    assert max(abs(scorer.score_one(r) - p) for r, p in zip(records, expected, strict=True)) < TOLERANCE


def test_a_dropped_category_and_an_uncentred_scaler_are_read_too(seed_model, seed_split):
    names = list(seed_model.schema.names)
    categorical = [f.name for f in seed_model.schema.features if f.categories]
    numeric = [name for name in names if name not in categorical]
    encode = ColumnTransformer(
        [
            ("cat", OneHotEncoder(drop="first", handle_unknown="ignore"), categorical),
            ("num", StandardScaler(with_mean=False), numeric),
        ]
    )
    pipeline = Pipeline([("encode", encode), ("model", LogisticRegression(max_iter=2000))])
    pipeline.fit(seed_split.train[names], seed_split.train["y"])
    weights = linear_weights(pipeline, seed_model.schema)
    assert weights.categorical["workclass"][seed_model.schema["workclass"].categories[0]] == 0.0
    assert all(mean == 0.0 for _, mean in weights.numeric.values())
    rows = seed_split.test[names]
    scores = Scorer(weights).score_many(rows.to_dict("records"))
    assert np.abs(scores - pipeline.predict_proba(rows)[:, 1]).max() < TOLERANCE


def test_gradient_boosting_is_refused(seed_model, seed_split):
    pipeline = build_pipeline(seed_model.schema, "hgb")
    sample = seed_split.train.head(1000)
    with threadpool_limits(limits=1, user_api="openmp"):  # see full_hgb in conftest.py
        pipeline.fit(sample[list(seed_model.schema.names)], sample["y"])
    with pytest.raises(NotLinearError, match="HistGradientBoostingClassifier"):
        linear_weights(pipeline, seed_model.schema)
    assert issubclass(NotLinearError, ValueError)


def test_an_unfitted_pipeline_or_another_schema_is_refused(seed_model):
    with pytest.raises(NotLinearError, match="not fitted"):
        linear_weights(build_pipeline(seed_model.schema, "logreg"), seed_model.schema)
    other = mlcore.Schema(tuple(f for f in seed_model.schema.features if f.name != "race"))
    with pytest.raises(NotLinearError, match="schema's features"):
        linear_weights(seed_model.pipeline, other)


def test_weights_are_json_ready_in_schema_order(seed_model, seed_split):
    weights = linear_weights(seed_model.pipeline, seed_model.schema)
    schema = seed_model.schema
    assert [*weights.categorical, *weights.numeric] == [f.name for f in schema.features if f.categories] + [
        f.name for f in schema.features if not f.categories
    ]
    assert all(list(weights.categorical[f.name]) == list(f.categories) for f in schema.features if f.categories)
    restored = LinearWeights.from_dict(json.loads(json.dumps(weights.as_dict(), allow_nan=False)))
    assert restored == weights
    records = seed_split.test[list(schema.names)].head(20).to_dict("records")
    assert np.array_equal(Scorer(restored).score_many(records), Scorer(weights).score_many(records))


def test_extreme_log_odds_do_not_overflow():
    scorer = Scorer(LinearWeights(0.0, {}, {"x": (1.0, 0.0)}))
    with np.errstate(over="raise", invalid="raise", divide="raise"):  # underflow to 0.0 is the answer
        assert scorer.score_many([{"x": 1000}, {"x": -1000}, {"x": 0}]).tolist() == [1.0, 0.0, 0.5]
    assert scorer.score_one({"x": 1000}) == 1.0
    assert scorer.score_one({"x": -700}) == pytest.approx(math.exp(-700), rel=1e-12)


def test_a_scorer_is_never_pickled(seed_model):
    with pytest.raises(TypeError, match="never pickled"):
        pickle.dumps(scorer_of(seed_model))
