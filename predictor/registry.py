"""The active model, loaded once per process.

Each call asks the database only for the active version's id (an indexed one-row read, no
artifact bytes); the artifact is fetched and unpickled only when that id changes. So an
activation on any host reaches every process on its next request, without a restart.
"""

import threading

import mlcore

from .models import ModelVersion


class NoActiveModel(LookupError):
    """No model version is active yet."""

    def __init__(self):
        super().__init__("No model is active yet. Run `python manage.py retrain` to train and activate one.")


_lock = threading.Lock()
_loaded: dict = {}  # {"key": (pk, sha256), "version": ModelVersion, "predictor": mlcore.Predictor}


def active_version_key() -> tuple[int, str] | None:
    """(pk, artifact checksum) of the active version: cheap, and unique even if a pk is reused."""
    return ModelVersion.objects.filter(is_active=True).values_list("pk", "artifact_sha256").first()


def active_predictor() -> tuple[ModelVersion, mlcore.Predictor]:
    """The active ModelVersion (artifact bytes deferred) and its loaded Predictor."""
    key = active_version_key()
    if key is None:
        raise NoActiveModel()
    pk = key[0]
    with _lock:
        if _loaded.get("key") != key:
            version = ModelVersion.objects.get(pk=pk)
            predictor = mlcore.load(version.artifact, version.artifact_sha256, version.metadata)
            version.artifact = b""  # the loaded pipeline is what we keep; drop the bytes
            _loaded.update(key=key, version=version, predictor=predictor)
        return _loaded["version"], _loaded["predictor"]


def active_schema() -> mlcore.Schema | None:
    """The active model's input schema, or None when no model is active."""
    try:
        return active_predictor()[1].schema
    except NoActiveModel:
        return None
