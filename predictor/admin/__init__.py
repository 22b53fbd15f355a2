"""The staff side: prediction history, model versions, API keys (one module each)."""

from . import history, keys, versions

__all__ = ["history", "keys", "versions"]
