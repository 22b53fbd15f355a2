"""The active model, loaded once per process.

Each call asks the database only for the active version's id (an indexed one-row read, no
artifact bytes); the artifact is fetched and unpickled only when that id changes. So an
activation on any host reaches every process on its next request, without a restart.
"""

import functools
import threading
from dataclasses import dataclass

from django.db import connection
from django.dispatch import Signal

import mlcore

from .models import ModelVersion

# Sent when the active version cannot be loaded. The registry loads models and counts
# nothing; the monitoring wing listens and counts it for /metrics.
model_load_failed = Signal()


class ModelUnavailable(Exception):
    """No model can answer; the message says what an operator should do. Every transport
    (page, API, probes, admin) catches this one family and shows the message as it is."""


class NoActiveModel(ModelUnavailable):
    def __init__(self):
        super().__init__("No model is active yet. Run `python manage.py retrain` to train and activate one.")


class ModelUnloadable(ModelUnavailable, mlcore.ArtifactError):
    """The active version exists but this process cannot load it (checksum, library version)."""

    def __init__(self, version_id: int, reason: str):
        self.reason = reason
        super().__init__(
            f"The active model (version {version_id}) cannot be loaded: {reason}. Retrain with "
            "`python manage.py retrain`, or activate another version with `python manage.py "
            "activate_model ID` or from the admin's model versions."
        )


@dataclass(frozen=True, slots=True)
class ActiveModel:
    """The version that answers (artifact bytes dropped) and its loaded predictor."""

    version: ModelVersion
    predictor: mlcore.Predictor


def load_version(version: ModelVersion) -> mlcore.Predictor:
    """A stored version's artifact, checked and unpickled (mlcore.load). Raises
    mlcore.ArtifactError when this process must not or cannot load it."""
    return mlcore.load(version.artifact, version.artifact_sha256, version.metadata)


@functools.cache
def _active_key_sql(vendor: str) -> str:
    q = connection.ops.quote_name
    columns = ", ".join(q(name) for name in ("id", "artifact_sha256", "activated_at"))
    table = q(ModelVersion._meta.db_table)
    return f"SELECT {columns} FROM {table} WHERE {q('is_active')} = %s ORDER BY {q('id')} LIMIT 1"


_lock = threading.Lock()
# {"key": ..., "model": ActiveModel} or {"key": ..., "error": str}
_loaded: dict = {}


def active_version_key() -> tuple | None:
    """(pk, checksum, activated_at) of the active version: one small row, and it changes on
    every activation, even of a pk seen before."""
    # Plain SQL: every request asks this, and building the ORM query cost more than running it.
    with connection.cursor() as cursor:
        cursor.execute(_active_key_sql(connection.vendor), [True])
        return cursor.fetchone()


def _load(key: tuple) -> None:
    # Fetch first and replace the cache only after: a database error here leaves nothing
    # half-remembered, so the next request simply tries again.
    version = ModelVersion.objects.get(pk=key[0])
    try:
        predictor = load_version(version)
    except mlcore.ArtifactError as error:
        model_load_failed.send(sender=ModelVersion, version_id=key[0])
        # Remember the failure, so a broken active version costs one read, not one per request.
        loaded = {"key": key, "error": str(error)}
    else:
        version.artifact = b""  # the loaded pipeline is what we keep; drop the bytes
        loaded = {"key": key, "model": ActiveModel(version, predictor)}
    _loaded.clear()
    _loaded.update(loaded)


def active_model() -> ActiveModel:
    """The active version and its loaded predictor.

    Raises NoActiveModel when none is active, ModelUnloadable when it cannot be loaded.
    """
    key = active_version_key()
    if key is None:
        raise NoActiveModel()
    with _lock:
        if _loaded.get("key") != key:
            _load(key)
        if "error" in _loaded:
            raise ModelUnloadable(key[0], _loaded["error"])
        return _loaded["model"]


def active_schema() -> mlcore.Schema | None:
    """The active model's input schema, or None when no model can answer."""
    try:
        return active_model().predictor.schema
    except ModelUnavailable:
        return None
