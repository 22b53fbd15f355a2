"""Census income modelling in plain Python: no web framework is imported here."""

from .artifacts import Artifact, ArtifactError, dump, load
from .dataset import DatasetError, LoadReport
from .dataset import load as load_dataset
from .predict import THRESHOLD, Predictor
from .schema import FEATURES, PRESETS, Feature, Schema, in_feature_order, resolve_features
from .training import ALGORITHMS, TrainedModel, train
from .validate import RecordError, validate

__all__ = [
    "ALGORITHMS",
    "THRESHOLD",
    "FEATURES",
    "PRESETS",
    "Artifact",
    "ArtifactError",
    "DatasetError",
    "Feature",
    "LoadReport",
    "Predictor",
    "RecordError",
    "Schema",
    "TrainedModel",
    "dump",
    "in_feature_order",
    "load",
    "load_dataset",
    "resolve_features",
    "train",
    "validate",
]
