"""The staff side: prediction history, outcomes, model versions, API keys (one module each)."""

from . import history, keys, outcomes, versions

__all__ = ["history", "keys", "outcomes", "versions"]
