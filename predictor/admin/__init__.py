"""The staff side: prediction history, outcomes, model versions, API keys (one module each).
Batch jobs are the batch wing's (predictor/batch/admin.py)."""

from . import history, keys, outcomes, versions

__all__ = ["history", "keys", "outcomes", "versions"]
