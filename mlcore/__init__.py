"""Census income modelling in plain Python: no web framework is imported here.

This is mlcore's public face: the web layer imports these names, not the submodules.
"""

from .artifacts import Artifact, ArtifactError, dump, load
from .batchfile import MAX_BYTES as BATCH_MAX_BYTES
from .batchfile import MAX_COLUMNS as BATCH_MAX_COLUMNS
from .batchfile import MAX_HEADER_BYTES as BATCH_MAX_HEADER_BYTES
from .batchfile import MAX_ROWS as BATCH_MAX_ROWS
from .batchfile import BatchFileError, Layout, chunks, read_rows
from .batchfile import inspect as inspect_batch_file
from .batchrows import ADDED, ERROR_HEADER, inert_rows, result_header, result_rows
from .batchrows import outcomes as batch_outcomes
from .batchrows import records as batch_records
from .build import Build, build, load_splits
from .dataset import DatasetError, LoadReport
from .dataset import load as load_dataset
from .drift import compare as compare_drift
from .drift import log_odds_shift
from .evaluate import at_threshold, unpack_scores
from .explain import compact, expand
from .labels import category_choices, category_label, feature_label
from .linear import sigmoid
from .live import MIN_OUTCOMES, live_figures
from .predict import Predictor
from .reasons import answer_words, average_chance, reasons
from .schema import (
    CATEGORY,
    FEATURES,
    INTEGER,
    NEGATIVE,
    NOT_STATED,
    POSITIVE,
    PRESETS,
    THRESHOLD,
    Feature,
    Schema,
    in_schema_order,
    label_text,
    resolve_features,
)
from .training import ALGORITHMS, TrainedModel, train
from .validate import EXTRA_FIELDS, RecordError, allowed_words, validate
from .whatif import no_change_words

__all__ = [
    "EXTRA_FIELDS",
    "ADDED",
    "ALGORITHMS",
    "BATCH_MAX_BYTES",
    "BATCH_MAX_COLUMNS",
    "BATCH_MAX_HEADER_BYTES",
    "BATCH_MAX_ROWS",
    "CATEGORY",
    "ERROR_HEADER",
    "FEATURES",
    "INTEGER",
    "MIN_OUTCOMES",
    "NEGATIVE",
    "NOT_STATED",
    "POSITIVE",
    "PRESETS",
    "THRESHOLD",
    "Artifact",
    "ArtifactError",
    "BatchFileError",
    "Build",
    "DatasetError",
    "Feature",
    "Layout",
    "LoadReport",
    "Predictor",
    "RecordError",
    "allowed_words",
    "Schema",
    "TrainedModel",
    "answer_words",
    "at_threshold",
    "average_chance",
    "batch_outcomes",
    "batch_records",
    "build",
    "category_choices",
    "category_label",
    "chunks",
    "compact",
    "compare_drift",
    "dump",
    "expand",
    "feature_label",
    "in_schema_order",
    "inert_rows",
    "inspect_batch_file",
    "label_text",
    "live_figures",
    "load",
    "load_dataset",
    "load_splits",
    "log_odds_shift",
    "no_change_words",
    "read_rows",
    "reasons",
    "resolve_features",
    "result_header",
    "result_rows",
    "sigmoid",
    "train",
    "unpack_scores",
    "validate",
]
