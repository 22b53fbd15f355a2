"""Fixtures shared by every test: real data, real models, a real database."""

from pathlib import Path

import pytest

import mlcore

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def train_artifact(preset="seed", algorithm="logreg") -> mlcore.Artifact:
    names = mlcore.resolve_features(preset)
    train, train_report = mlcore.load_dataset(DATA_DIR / "adult.data", names)
    test, test_report = mlcore.load_dataset(DATA_DIR / "adult.test", names)
    trained = mlcore.train(train, test, names, algorithm, preset)
    return mlcore.dump(trained, {"train": train_report.sha256, "test": test_report.sha256})


@pytest.fixture(scope="session", autouse=True)
def collected_static():
    """Tests serve pages with the production static storage, so collect first (into the
    temporary STATIC_ROOT that tests/support/environment.py chose)."""
    from django.core.management import call_command

    call_command("collectstatic", "--noinput", verbosity=0)


@pytest.fixture(scope="session")
def seed_build():
    """The default model (seed features, logistic regression) with its card, built once per
    run exactly as `manage.py retrain` builds it."""
    from mlcore.build import build

    names = mlcore.resolve_features("seed")
    return build(DATA_DIR / "adult.data", DATA_DIR / "adult.test", names, "logreg", "seed")


@pytest.fixture(scope="session")
def seed_artifact(seed_build) -> mlcore.Artifact:
    """The default model's artifact."""
    return seed_build.artifact


@pytest.fixture
def active_version(db, seed_build):
    """A stored, active ModelVersion of the default model, card and test scores included."""
    from predictor.services import model_version_activate, model_version_create

    built = seed_build
    version = model_version_create(
        artifact=built.artifact, card=built.card, test_scores=built.test_scores, profile=built.profile
    )
    return model_version_activate(version=version, by="tests")


@pytest.fixture
def valid_record() -> dict:
    """One valid person for the seed preset: the API documentation's own example, so a
    broken example in the docs fails the tests too."""
    from predictor.api.schemas import EXAMPLE_RECORD

    return dict(EXAMPLE_RECORD)
