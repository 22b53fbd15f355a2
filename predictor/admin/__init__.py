"""The staff side: prediction history, outcomes, model versions, API keys (one module each)."""

from . import batch, history, keys, outcomes, versions

__all__ = ["batch", "history", "keys", "outcomes", "versions"]
