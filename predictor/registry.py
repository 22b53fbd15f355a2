"""The active model, loaded once per process.

Each call asks the database only for the active version's id (serving.py: an indexed
one-row read, no artifact bytes); the artifact is fetched and unpickled only when that id
changes. So an activation on any host reaches every process on its next request, without a
restart.
"""

import threading
from dataclasses import dataclass, replace

from django.dispatch import Signal

import mlcore

from .models import ModelVersion
from .serving import serving_keys

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
class Shadow:
    """The version set to score beside the active one: its loaded predictor, or None and
    why it could not be loaded (a shadow's failure is counted, never shown to anyone)."""

    version: ModelVersion
    predictor: mlcore.Predictor | None
    error: str = ""


@dataclass(frozen=True, slots=True)
class ActiveModel:
    """The version that answers (artifact bytes dropped), its loaded predictor, and the id
    of the shadow version set beside it, if any: a request only marks its rows for the
    shadow, so a web process never loads the shadow's model (the batch worker does)."""

    version: ModelVersion
    predictor: mlcore.Predictor
    shadow_id: int | None = None


def load_version(version: ModelVersion) -> mlcore.Predictor:
    """A stored version's artifact, checked and unpickled (mlcore.load). Raises
    mlcore.ArtifactError when this process must not or cannot load it."""
    return mlcore.load(version.artifact, version.artifact_sha256, version.metadata)


_lock = threading.Lock()
# {"key": ..., "model": ActiveModel} or {"key": ..., "error": str}
_loaded: dict = {}
# {"key": ..., "shadow": Shadow | None}
_shadowed: dict = {}


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


def _load_shadow(key: tuple | None) -> None:
    shadow = None
    if key is not None:
        version = ModelVersion.objects.get(pk=key[0])
        try:
            shadow = Shadow(version, load_version(version))
        except mlcore.ArtifactError as error:  # remembered, as for the active version
            shadow = Shadow(version, None, str(error))
        version.artifact = b""
    _shadowed.clear()
    _shadowed.update(key=key, shadow=shadow)


def active_model() -> ActiveModel:
    """The active version, its loaded predictor and the shadow's id.

    Raises NoActiveModel when none is active, ModelUnloadable when it cannot be loaded.
    """
    key, shadow_key = serving_keys()
    if key is None:
        raise NoActiveModel()
    with _lock:
        if _loaded.get("key") != key:
            _load(key)
        if "error" in _loaded:
            raise ModelUnloadable(key[0], _loaded["error"])
        shadow_id = shadow_key[0] if shadow_key else None
        model = _loaded["model"]
        if model.shadow_id != shadow_id:
            model = _loaded["model"] = replace(model, shadow_id=shadow_id)
        return model


def _current_shadow(key: tuple | None) -> Shadow | None:
    if _shadowed.get("key", ()) != key:
        _load_shadow(key)
    return _shadowed["shadow"]


def shadow_model() -> Shadow | None:
    """The shadow version as loaded (or not) by this process, for work that answers with a
    version of its own choosing, as a batch job does with the version it was queued for."""
    _, key = serving_keys()
    with _lock:
        return _current_shadow(key)


def active_schema() -> mlcore.Schema | None:
    """The active model's input schema, or None when no model can answer."""
    try:
        return active_model().predictor.schema
    except ModelUnavailable:
        return None
