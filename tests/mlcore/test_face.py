"""mlcore/__init__.py is the face the web layer imports: every name it promises is there."""

import importlib

import mlcore
from mlcore import batchfile, batchrows, drift, schema

PROMISED = [
    "THRESHOLD",
    "POSITIVE",
    "NEGATIVE",
    "label_text",
    "CATEGORY",
    "INTEGER",
    "NOT_STATED",
    "in_schema_order",
    "sigmoid",
    "compact",
    "expand",
    "reasons",
    "average_chance",
    "answer_words",
    "category_choices",
    "category_label",
    "feature_label",
    "at_threshold",
    "unpack_scores",
    "MIN_OUTCOMES",
    "live_figures",
    "compare_drift",
    "log_odds_shift",
    "BatchFileError",
    "Layout",
    "inspect_batch_file",
    "read_rows",
    "chunks",
    "BATCH_MAX_BYTES",
    "BATCH_MAX_ROWS",
    "batch_records",
    "result_rows",
    "result_header",
    "ERROR_HEADER",
    "ADDED",
    "build",
    "load_splits",
    "Build",
    "ALGORITHMS",
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
    "load",
    "load_dataset",
    "resolve_features",
    "train",
    "validate",
]


def test_every_promised_name_is_exported_and_resolves():
    assert set(PROMISED) <= set(mlcore.__all__)
    assert [name for name in mlcore.__all__ if not hasattr(mlcore, name)] == []
    assert "in_feature_order" not in mlcore.__all__


def test_renamed_names_are_the_submodules_own():
    assert mlcore.compare_drift is drift.compare
    assert mlcore.inspect_batch_file is batchfile.inspect
    assert mlcore.batch_records is batchrows.records
    assert (mlcore.BATCH_MAX_BYTES, mlcore.BATCH_MAX_ROWS) == (batchfile.MAX_BYTES, batchfile.MAX_ROWS)
    assert mlcore.THRESHOLD is schema.THRESHOLD
    assert callable(mlcore.build) and callable(mlcore.reasons)  # the functions, not the submodules


def test_submodule_names_used_outside_mlcore_stay_where_they_are():
    # mlcore.build and mlcore.reasons name functions on the package, so ask the modules themselves.
    for module, name in [
        ("batchrows", "ADDED"),
        ("rawcsv", "UCI_COLUMNS"),
        ("reasons", "reasons"),
        ("build", "build"),
        ("build", "load_splits"),
        ("explain", "compact"),
        ("explain", "expand"),
        ("batchfile", "BatchFileError"),
        ("schema", "CATEGORY"),
        ("predict", "THRESHOLD"),
        ("dataset", "POSITIVE"),
        ("dataset", "NEGATIVE"),
        ("fitted", "linear_weights"),
        ("scorer", "Scorer"),
    ]:
        assert hasattr(importlib.import_module(f"mlcore.{module}"), name), (module, name)
