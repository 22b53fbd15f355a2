"""Train from the data files in one call: the model, its artifact and its card, and the
active model's scores on the very rows the new one was scored on.

The retrain command and the tests both build versions through `build`, so what the tests
check is what an operator gets.
"""

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import evaluate
from .artifacts import Artifact, dump
from .aside import second_process
from .dataset import DatasetError, LoadReport
from .dataset import load as load_dataset
from .drift import profile as drift_profile
from .predict import Predictor
from .report import model_card
from .training import TREES, TrainedModel, train

# Loaded for the card's fairness tables even when the model does not take them as inputs:
# a model can treat groups differently without being told who is in them.
GROUP_COLUMNS = ("sex", "race")
# The least a held-out file must hold to score a model on. Under 100 rows the ROC AUC is
# noise (its 95% interval is about +/-0.09 at 100 rows for the default model) and the
# card's ten calibration bins would hold a few people each; under 10 people of a class the
# ROC curve has fewer than 10 steps along that axis, the floor fairness.py sets for a rate.
MIN_TEST_ROWS, MIN_TEST_CASES = 100, 10


@dataclass(frozen=True)
class Build:
    trained: TrainedModel
    artifact: Artifact
    card: dict
    test_scores: bytes  # evaluate.pack_scores of the held-out split
    profile: dict  # drift.profile of the training inputs, what recent inputs are compared with
    reports: tuple[LoadReport, LoadReport]  # (train, test)
    # evaluate.metrics of the `incumbent` passed to build, on the same held-out rows; None without one.
    incumbent_metrics: dict | None = None


def check_held_out(frame, report: LoadReport) -> None:
    """DatasetError, one line naming the file, unless the held-out frame can score a model."""
    positives = int(frame["y"].sum())
    negatives = len(frame) - positives
    if len(frame) < MIN_TEST_ROWS or min(positives, negatives) < MIN_TEST_CASES:
        raise DatasetError(
            f"{report.path}: {len(frame)} usable rows ({positives} over $50K, {negatives} at most); a held-out "
            f"file needs at least {MIN_TEST_ROWS} rows and {MIN_TEST_CASES} of each to score a model on"
        )


def load_splits(train_path, test_path, names, *, also=()) -> tuple:
    """(train frame, test frame, train report, test report), each frame with the model's
    columns, the group columns and `y`; the test frame also with the columns `also` names,
    those another model needs to be scored on the same rows.

    Raises DatasetError for an unusable file, a held-out one too small included
    (`check_held_out`), before any model work."""
    columns = [*names, *(name for name in GROUP_COLUMNS if name not in names)]
    train_frame, train_report = load_dataset(Path(train_path), columns)
    test_frame, test_report = load_dataset(Path(test_path), [*columns, *(n for n in also if n not in columns)])
    check_held_out(test_frame, test_report)
    return train_frame, test_frame, train_report, test_report


def score_held_out(predictor: Predictor, test_frame) -> dict:
    """evaluate.metrics of a loaded model on a held-out frame that has its columns: how the
    active version does on exactly the rows a candidate was scored on."""
    names = list(predictor.schema.names)
    # The records to_dict("records") gives (Python ints and strings), built from whole columns:
    # pandas boxes each value on its own, a tenth of the default retrain's work here.
    columns = [test_frame[name].tolist() for name in names]
    rows = [dict(zip(names, values, strict=True)) for values in zip(*columns, strict=True)]
    return evaluate.metrics(test_frame["y"].to_numpy(), np.asarray(predictor.probabilities(rows)))


def _only(counts: dict, columns) -> dict:
    return {name: n for name, n in counts.items() if name in columns}


def build(
    train_path, test_path, names, algorithm: str = "logreg", preset: str = "seed", *, splits=None, incumbent=None
) -> Build:
    """Fit on the training file, score and describe on the held-out one.

    `splits` may pass what `load_splits` returned, for a caller that already reported it
    (with `also` naming the incumbent's columns). `incumbent`, a loaded Predictor, is
    scored on the same held-out rows (`Build.incumbent_metrics`). Raises DatasetError (a
    ValueError) for an unusable file and ValueError for an unknown algorithm.
    """
    also = incumbent.schema.names if incumbent is not None else ()
    train_frame, test_frame, train_report, test_report = splits or load_splits(train_path, test_path, names, also=also)
    # A tree model's card sends TreeSHAP to a second process, spawned now so that it has its
    # imports done by the time the model is fitted.
    with second_process(algorithm in TREES) as helper:
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
            # Only the candidate's columns: those loaded for the incumbent are no input of this model.
            missing={"train": train_report.not_stated, "test": _only(test_report.not_stated, train_frame.columns)},
            data_sha256=checksums,
            trained_at=artifact.metadata["trained_at"],
            test_probabilities=trained.test_probabilities,
            # Names only: a full path would show the server's folders on a public page.
            data_files={"train": Path(train_report.path).name, "test": Path(test_report.path).name},
            helper=helper,
        )
    profile = drift_profile(train_frame, trained.schema)
    beside = score_held_out(incumbent, test_frame) if incumbent is not None else None
    return Build(trained, artifact, card, scores, profile, (train_report, test_report), beside)
