"""Artifacts carry their metadata, and bad bytes are refused before joblib sees them."""

import hashlib
import io
import json
import pickle
from pathlib import Path

import joblib
import numpy as np
import pytest
import sklearn

import mlcore

SEED = mlcore.PRESETS["seed"]
DATA_SHA256 = {"train": "a" * 64, "test": "b" * 64}


@pytest.fixture(scope="module")
def artifact(seed_model) -> mlcore.Artifact:
    return mlcore.dump(seed_model, DATA_SHA256)


def test_round_trip_gives_identical_probabilities(artifact, seed_model, seed_split):
    predictor = mlcore.load(artifact.data, artifact.sha256, artifact.metadata)
    rows = seed_split.test[list(SEED)]
    assert np.array_equal(predictor.pipeline.predict_proba(rows), seed_model.pipeline.predict_proba(rows))
    assert predictor.schema == seed_model.schema


def test_round_trip_through_json_and_a_database_memoryview(artifact, seed_model, valid_record):
    # What a JSONField and a BinaryField (memoryview on PostgreSQL) hand back.
    metadata = json.loads(json.dumps(artifact.metadata))
    predictor = mlcore.load(memoryview(artifact.data), artifact.sha256, metadata)
    original = mlcore.Predictor(seed_model.pipeline, seed_model.schema)
    assert predictor.schema == seed_model.schema
    assert predictor.predict_one(valid_record) == original.predict_one(valid_record)


def test_metadata_describes_the_model(artifact, seed_model):
    metadata = artifact.metadata
    assert {"preset", "features", "schema", "algorithm", "sklearn_version", "data_sha256", "metrics"} <= set(metadata)
    assert metadata["preset"] == "seed"
    assert metadata["algorithm"] == "logreg"
    assert metadata["features"] == list(SEED)
    assert metadata["schema"] == seed_model.schema.as_dict()
    assert metadata["sklearn_version"] == sklearn.__version__
    assert metadata["data_sha256"] == DATA_SHA256
    assert metadata["metrics"] == seed_model.metrics
    assert json.loads(json.dumps(metadata)) == metadata  # fits a JSONField as is


def test_shared_artifact_records_the_real_data_checksums(seed_artifact):
    assert seed_artifact.metadata["data_sha256"] == {
        "train": "5b00264637dbfec36bdeaab5676b0b309ff9eb788d63554ca0a249491c86603d",
        "test": "a2a9044bc167a35b2361efbabec64e89d69ce82d9790d2980119aac5fd7e9c05",
    }


def test_checksum_is_the_sha256_of_the_bytes(artifact):
    assert artifact.sha256 == hashlib.sha256(artifact.data).hexdigest()


def test_flipped_byte_is_refused_by_checksum(artifact):
    data = bytearray(artifact.data)
    data[len(data) // 2] ^= 0x01
    with pytest.raises(mlcore.ArtifactError, match=f"checksum mismatch: expected {artifact.sha256}, got "):
        mlcore.load(bytes(data), artifact.sha256, artifact.metadata)


class TouchOnUnpickle:
    """A pickle that creates a file when loaded: proof of whether unpickling happened."""

    def __init__(self, path: Path):
        self.path = path

    def __reduce__(self):
        return Path.touch, (self.path,)


def test_bytes_failing_the_checksum_are_never_unpickled(artifact, tmp_path):
    probe = tmp_path / "unpickled"
    payload = pickle.dumps(TouchOnUnpickle(probe))
    joblib.load(io.BytesIO(payload))  # the probe works ...
    assert probe.exists()
    probe.unlink()
    with pytest.raises(mlcore.ArtifactError, match="checksum mismatch"):
        mlcore.load(payload, artifact.sha256, artifact.metadata)
    assert not probe.exists()  # ... and load() never got that far


def test_other_sklearn_version_is_refused_naming_both(artifact):
    metadata = {**artifact.metadata, "sklearn_version": "0.24.2"}
    with pytest.raises(mlcore.ArtifactError) as caught:
        mlcore.load(artifact.data, artifact.sha256, metadata)
    message = str(caught.value)
    assert "scikit-learn 0.24.2" in message
    assert f"this process runs {sklearn.__version__}" in message


def test_metadata_without_a_version_is_refused(artifact):
    metadata = {k: v for k, v in artifact.metadata.items() if k != "sklearn_version"}
    with pytest.raises(mlcore.ArtifactError, match=sklearn.__version__):
        mlcore.load(artifact.data, artifact.sha256, metadata)


def test_artifact_error_is_a_value_error():
    assert issubclass(mlcore.ArtifactError, ValueError)


def test_bytes_that_pass_the_checks_but_do_not_unpickle_are_refused(artifact):
    # What a numpy or pandas upgrade can do to an artifact that scikit-learn's check lets by.
    data = b"these bytes are not a joblib pickle"
    with pytest.raises(mlcore.ArtifactError, match="could not be unpickled"):
        mlcore.load(data, hashlib.sha256(data).hexdigest(), artifact.metadata)
