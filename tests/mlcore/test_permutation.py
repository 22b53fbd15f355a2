"""The card's permutation importance, predicted in one call, is scikit-learn's to the last bit."""

import numpy as np
import pytest
from sklearn.ensemble import RandomForestClassifier
from sklearn.inspection import permutation_importance
from threadpoolctl import threadpool_limits

import mlcore
from mlcore.permutation import importance, respond
from mlcore.training import build_pipeline


def small(split, algorithm, rows=3_000, model=None):
    """A quick pipeline of training.py's kind, fitted on the first rows of the split."""
    names = list(mlcore.PRESETS["full"])
    schema = mlcore.Schema.from_frame(split.train, names)
    pipeline = build_pipeline(schema, algorithm)
    if model is not None:
        pipeline.set_params(model=model)
    elif algorithm == "hgb":
        pipeline.set_params(model__max_iter=30)
    with threadpool_limits(limits=1, user_api="openmp"):
        return pipeline.fit(split.train[names].head(rows), split.train["y"].head(rows)), names


@pytest.mark.parametrize(
    ("algorithm", "model"),
    [
        ("hgb", None),  # scored by its decision function
        ("logreg", None),  # encoded into a sparse matrix
        ("hgb", RandomForestClassifier(n_estimators=10, random_state=0)),  # no decision function: probabilities
    ],
)
def test_equals_scikit_learns_permutation_importance(full_split, algorithm, model):
    pipeline, names = small(full_split, algorithm, model=model)
    rows, y = full_split.test[names].iloc[::40], full_split.test["y"].to_numpy()[::40]
    with threadpool_limits(limits=1, user_api="openmp"):
        expected = permutation_importance(pipeline, rows, y, scoring="roc_auc", n_repeats=3, random_state=0)
        means, stds = importance(pipeline, rows, y, repeats=3, seed=0)
    np.testing.assert_allclose(means, expected.importances_mean, rtol=0, atol=1e-12)
    np.testing.assert_allclose(stds, expected.importances_std, rtol=0, atol=1e-12)
    assert np.abs(means).max() > 0.01  # the shuffles did move the scores


def test_a_column_no_shuffle_changes_is_worth_nothing(full_split):
    pipeline, names = small(full_split, "hgb")
    rows = full_split.test[names].head(200).assign(race="White", sex="Male")
    y = full_split.test["y"].to_numpy()[:200]
    means, stds = importance(pipeline, rows, y)
    assert (means[names.index("race")], stds[names.index("sex")]) == (0, 0)


def test_respond_answers_as_the_pipeline_does(full_split):
    for algorithm in ("hgb", "logreg"):
        pipeline, names = small(full_split, algorithm)
        rows = full_split.test[names]
        assert np.array_equal(respond(pipeline, rows), pipeline.predict_proba(rows))
        assert np.array_equal(respond(pipeline, rows, "decision_function"), pipeline.decision_function(rows))
