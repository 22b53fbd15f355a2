"""Model artifacts: joblib bytes that always travel with their metadata and checksum."""

import hashlib
import io
from dataclasses import dataclass
from datetime import UTC, datetime

import joblib
import sklearn

from .predict import Predictor
from .schema import Schema
from .training import TrainedModel

FORMAT = 1


class ArtifactError(ValueError):
    """An artifact that must not be loaded, with the reason."""


@dataclass(frozen=True)
class Artifact:
    data: bytes
    sha256: str
    metadata: dict


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def dump(trained: TrainedModel, data_sha256: dict[str, str]) -> Artifact:
    """Serialise a trained model with everything needed to trust it later."""
    buffer = io.BytesIO()
    joblib.dump(trained.pipeline, buffer)
    data = buffer.getvalue()
    metadata = {
        "format": FORMAT,
        "algorithm": trained.algorithm,
        "preset": trained.preset,
        "features": list(trained.schema.names),
        "schema": trained.schema.as_dict(),
        "sklearn_version": sklearn.__version__,
        "data_sha256": data_sha256,
        "metrics": trained.metrics,
        "term_averages": trained.term_averages,
        "trained_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    return Artifact(data, sha256_of(data), metadata)


def load(data: bytes, sha256: str, metadata: dict) -> Predictor:
    """Check the checksum and library version, then unpickle into a Predictor.

    Unpickling bytes that were altered, or that another scikit-learn wrote, can give
    silently wrong answers; both are refused before joblib ever sees the bytes.
    """
    actual = sha256_of(bytes(data))
    if actual != sha256:
        raise ArtifactError(f"artifact checksum mismatch: expected {sha256}, got {actual}")
    built_with = metadata.get("sklearn_version")
    if built_with != sklearn.__version__:
        raise ArtifactError(
            f"artifact was built with scikit-learn {built_with}, this process runs "
            f"{sklearn.__version__}; retrain it with `python manage.py retrain`"
        )
    try:
        pipeline = joblib.load(io.BytesIO(bytes(data)))
    except Exception as error:  # e.g. a numpy or pandas upgrade that scikit-learn's check missed
        raise ArtifactError(f"artifact could not be unpickled ({type(error).__name__}: {error})") from error
    # Artifacts written before explanations carry no averages; they predict, unexplained.
    return Predictor(pipeline, Schema.from_dict(metadata["schema"]), metadata.get("term_averages"))
