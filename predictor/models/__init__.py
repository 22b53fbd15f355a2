"""The predictor app's rows, a module each: versions, keys, and predictions with their outcomes."""

from .keys import ApiKey
from .predictions import Outcome, Prediction
from .versions import ModelVersion, ModelVersionManager

__all__ = ["ApiKey", "ModelVersion", "ModelVersionManager", "Outcome", "Prediction"]
