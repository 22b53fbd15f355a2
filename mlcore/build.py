"""Train from the data files in one call: the model, its artifact and its card.

The retrain command and the tests both build versions through `build`, so what the tests
check is what an operator gets.
"""

from dataclasses import dataclass
from pathlib import Path

from .artifacts import Artifact, dump
from .dataset import LoadReport
from .dataset import load as load_dataset
from .drift import profile as drift_profile
from .report import model_card
from .training import TrainedModel, train

# Loaded for the card's fairness tables even when the model does not take them as inputs:
# a model can treat groups differently without being told who is in them.
GROUP_COLUMNS = ("sex", "race")


@dataclass(frozen=True)
class Build:
    trained: TrainedModel
    artifact: Artifact
    card: dict
    test_scores: bytes  # evaluate.pack_scores of the held-out split
    profile: dict  # drift.profile of the training inputs, what recent inputs are compared with
    reports: tuple[LoadReport, LoadReport]  # (train, test)


def load_splits(train_path, test_path, names) -> tuple:
    """(train frame, test frame, train report, test report), each frame with the model's
    columns, the group columns and `y`."""
    columns = [*names, *(name for name in GROUP_COLUMNS if name not in names)]
    train_frame, train_report = load_dataset(Path(train_path), columns)
    test_frame, test_report = load_dataset(Path(test_path), columns)
    return train_frame, test_frame, train_report, test_report


def build(train_path, test_path, names, algorithm: str = "logreg", preset: str = "seed", splits=None) -> Build:
    """Fit on the training file, score and describe on the held-out one.

    `splits` may pass what `load_splits` returned, for a caller that already reported it.
    Raises DatasetError (a ValueError) for an unusable file and ValueError for an unknown
    algorithm.
    """
    train_frame, test_frame, train_report, test_report = splits or load_splits(train_path, test_path, names)
    trained = train(train_frame, test_frame, names, algorithm, preset)
    checksums = {"train": train_report.sha256, "test": test_report.sha256}
    artifact = dump(trained, checksums)
    card, scores = model_card(
        pipeline=trained.pipeline,
        schema=trained.schema,
        algorithm=algorithm,
        preset=preset,
        train_frame=train_frame,
        test_frame=test_frame,
        missing={"train": train_report.not_stated, "test": test_report.not_stated},
        data_sha256=checksums,
        trained_at=artifact.metadata["trained_at"],
        test_probabilities=trained.test_probabilities,
    )
    profile = drift_profile(train_frame, trained.schema)
    return Build(trained, artifact, card, scores, profile, (train_report, test_report))
