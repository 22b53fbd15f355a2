"""Real data and real models for the mlcore tests, each built once per run.

Session-scoped frames are shared: a test that changes one works on a copy.
"""

from typing import NamedTuple

import pandas as pd
import pytest
from threadpoolctl import threadpool_limits

import mlcore

from .rawdata import DATA_DIR


class Split(NamedTuple):
    train: pd.DataFrame
    train_report: mlcore.LoadReport
    test: pd.DataFrame
    test_report: mlcore.LoadReport


def load_split(preset: str) -> Split:
    names = mlcore.resolve_features(preset)
    train, train_report = mlcore.load_dataset(DATA_DIR / "adult.data", names)
    test, test_report = mlcore.load_dataset(DATA_DIR / "adult.test", names)
    return Split(train, train_report, test, test_report)


@pytest.fixture(scope="session")
def seed_split() -> Split:
    return load_split("seed")


@pytest.fixture(scope="session")
def full_split() -> Split:
    return load_split("full")


@pytest.fixture(scope="session")
def seed_model(seed_split) -> mlcore.TrainedModel:
    """Seed features, logistic regression: the default model, as a TrainedModel."""
    return mlcore.train(seed_split.train, seed_split.test, mlcore.PRESETS["seed"], "logreg", "seed")


@pytest.fixture(scope="session")
def full_hgb(full_split) -> mlcore.TrainedModel:
    """All features, gradient boosting: the slowest model, so trained once."""
    # Two OpenMP threads on two shared CPUs spin against each other when other jobs run
    # (30 s instead of 1.5 s was seen); one thread is steady and the result is the same.
    with threadpool_limits(limits=1, user_api="openmp"):
        return mlcore.train(full_split.train, full_split.test, mlcore.PRESETS["full"], "hgb", "full")


@pytest.fixture(scope="session")
def predictor(seed_artifact) -> mlcore.Predictor:
    """The default model as the web layer gets it: loaded from its artifact."""
    return mlcore.load(seed_artifact.data, seed_artifact.sha256, seed_artifact.metadata)
