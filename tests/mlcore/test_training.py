"""Fitting on the training split, scoring on the held-out split, the same way every time."""

import numpy as np
import pytest
from sklearn.base import clone

import mlcore
from mlcore import evaluate
from mlcore.training import categories_by_rate

SEED = mlcore.PRESETS["seed"]
METRIC_KEYS = {"roc_auc", "accuracy", "log_loss", "brier", "base_rate", "rows_test", "rows_train"}


def test_seed_logreg_reaches_its_bar(seed_model):
    assert seed_model.metrics["roc_auc"] >= 0.87
    assert (seed_model.algorithm, seed_model.preset) == ("logreg", "seed")


def test_full_hgb_reaches_its_bar(full_hgb):
    assert full_hgb.metrics["roc_auc"] >= 0.925
    assert (full_hgb.algorithm, full_hgb.preset) == ("hgb", "full")


def test_full_hgb_beats_seed_logreg(full_hgb, seed_model):
    assert full_hgb.metrics["roc_auc"] > seed_model.metrics["roc_auc"]
    assert full_hgb.metrics["log_loss"] < seed_model.metrics["log_loss"]


def test_gradient_boosting_reads_categories_ordered_by_their_share_over_50k(full_hgb, full_split):
    order = categories_by_rate(full_hgb.schema, full_split.train)
    encoder = full_hgb.pipeline["encode"].named_transformers_["cat"]
    assert [list(codes) for codes in encoder.categories_] == order
    categorical = [f.name for f in full_hgb.schema.features if f.kind == mlcore.CATEGORY]
    for name, codes in zip(categorical, order, strict=True):
        assert sorted(codes) == sorted(full_hgb.schema[name].categories)
        rates = full_split.train.groupby(name)["y"].mean()[codes].to_numpy()
        assert (np.diff(rates) >= 0).all(), name
    education = order[categorical.index("education")]
    assert education[0] == "Preschool" and set(education[-2:]) == {"Doctorate", "Prof-school"}


@pytest.mark.parametrize("model", ["seed_model", "full_hgb"])
def test_metrics_are_present_and_sane(request, model):
    trained = request.getfixturevalue(model)
    split = request.getfixturevalue("seed_split" if trained.preset == "seed" else "full_split")
    metrics = trained.metrics
    assert set(metrics) == METRIC_KEYS
    assert metrics["rows_train"] == len(split.train) and metrics["rows_test"] == len(split.test)
    assert metrics["base_rate"] == round(split.test["y"].mean(), 6)
    assert all(0 <= metrics[k] <= 1 for k in ("roc_auc", "accuracy", "brier", "base_rate"))
    assert metrics["log_loss"] > 0
    # Better than knowing only the base rate: beats always saying "<=50K", and its Brier score.
    base = metrics["base_rate"]
    assert metrics["accuracy"] > 1 - base
    assert metrics["brier"] < base * (1 - base)
    assert all(isinstance(v, int | float) and not isinstance(v, bool) for v in metrics.values())


def test_metrics_are_measured_on_the_test_split(seed_model, seed_split):
    proba = seed_model.pipeline.predict_proba(seed_split.test[list(SEED)])[:, 1]
    accuracy = ((proba >= 0.5) == seed_split.test["y"].to_numpy()).mean()
    assert seed_model.metrics["accuracy"] == round(float(accuracy), 6)


def test_the_test_probabilities_are_kept_and_scored(seed_model, seed_split):
    test_rows = seed_split.test[list(SEED)]
    assert np.array_equal(seed_model.test_probabilities, seed_model.pipeline.predict_proba(test_rows)[:, 1])
    scored = evaluate.metrics(seed_split.test["y"], seed_model.test_probabilities)
    assert seed_model.metrics == {**scored, "rows_train": len(seed_split.train)}


def test_training_twice_gives_identical_models(seed_model, seed_split, seed_artifact):
    again = mlcore.train(seed_split.train, seed_split.test, SEED, "logreg", "seed")
    assert again.metrics == seed_model.metrics
    assert again.metrics == seed_artifact.metadata["metrics"]  # trained by the shared fixture
    test_rows = seed_split.test[list(SEED)]
    assert np.array_equal(again.pipeline.predict_proba(test_rows), seed_model.pipeline.predict_proba(test_rows))


def test_schema_is_built_from_the_training_split_only(seed_split):
    train = seed_split.train
    # A training split with no one over 60 and no one working without pay;
    # the test split has both.
    narrowed = train[(train["age"] <= 60) & (train["workclass"] != "Without-pay")]
    test = seed_split.test
    assert test["age"].max() > 60 and (test["workclass"] == "Without-pay").any()
    trained = mlcore.train(narrowed, test, SEED, "logreg", "seed")
    assert trained.schema == mlcore.Schema.from_frame(narrowed, SEED)
    assert trained.schema["age"].maximum == 60
    assert "Without-pay" not in trained.schema["workclass"].categories
    assert trained.metrics["rows_train"] == len(narrowed)
    assert trained.metrics["rows_test"] == len(test)


def test_full_schema_matches_its_training_split(full_hgb, full_split):
    assert full_hgb.schema == mlcore.Schema.from_frame(full_split.train, mlcore.PRESETS["full"])
    # Holand-Netherlands occurs once, in the training file only.
    assert "Holand-Netherlands" in full_hgb.schema["native_country"].categories
    assert "Holand-Netherlands" not in set(full_split.test["native_country"])


def test_unknown_algorithm_is_refused(seed_split):
    with pytest.raises(ValueError, match=r"unknown algorithm 'svm'; allowed: logreg, hgb"):
        mlcore.train(seed_split.train, seed_split.test, SEED, "svm", "seed")
    assert mlcore.ALGORITHMS == ("logreg", "hgb")


def test_seed_logreg_is_fitted_to_its_optimum(seed_model, seed_split):
    # A solver stopped short of the optimum gives probabilities that depend on where it stopped.
    tighter = clone(seed_model.pipeline).set_params(model__tol=1e-12, model__max_iter=1000)
    tighter.fit(seed_split.train[list(SEED)], seed_split.train["y"])
    test_rows = seed_split.test[list(SEED)]
    assert np.abs(tighter.predict_proba(test_rows) - seed_model.pipeline.predict_proba(test_rows)).max() < 1e-6
