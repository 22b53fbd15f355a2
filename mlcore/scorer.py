"""A compiled scorer for the logistic model: the pipeline's probabilities without pandas or scikit-learn.

Built from `LinearWeights` when a model is loaded, so the only pickle ever trusted stays the
checksummed artifact. It does no validation: records must already be valid and cleaned by
mlcore (category strings, whole numbers), as `Predictor.cleaned` returns them.
"""

import math
from itertools import repeat
from operator import itemgetter

import numpy as np

from .linear import LinearWeights, NotLinearError, linear_weights


def _sigmoid(z: float) -> float:
    # exp of a large positive number overflows, so only ever take exp of a non-positive one.
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def _sigmoid_many(z: np.ndarray) -> np.ndarray:
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


class Scorer:
    """P(>50K) from the weights of a fitted logistic pipeline, one record or many.

    Categories the model never saw (or None) add nothing to the log-odds, exactly as the
    pipeline's one-hot encoder (handle_unknown="ignore") treats them. A number must be
    present; a missing feature key raises KeyError.
    """

    def __init__(self, weights: LinearWeights):
        self.weights = weights  # kept for explanations, which read the same weights
        # slope * (x - mean) = slope * x - slope * mean; the constant part joins the intercept once here.
        self._bias = weights.intercept - math.fsum(slope * mean for slope, mean in weights.numeric.values())
        self._categorical = tuple((name, dict(table)) for name, table in weights.categorical.items())
        self._numeric = tuple((name, slope) for name, (slope, _) in weights.numeric.items())

    def __reduce__(self):
        raise TypeError("a Scorer is rebuilt from LinearWeights when a model loads; it is never pickled")

    def score_one(self, record: dict) -> float:
        """The probability of >50K for one cleaned record."""
        z = self._bias
        for name, table in self._categorical:
            z += table.get(record[name], 0.0)
        for name, slope in self._numeric:
            z += slope * record[name]
        return _sigmoid(z)

    def score_many(self, records: list[dict]) -> np.ndarray:
        """The probabilities of >50K for cleaned records, in order, as a float64 array."""
        count = len(records)
        z = np.full(count, self._bias)
        # One pass per feature in C (map, itemgetter, dict.get) instead of a Python loop per record;
        # looking up the weight directly saves the step through category codes.
        for name, table in self._categorical:
            z += np.fromiter(map(table.get, map(itemgetter(name), records), repeat(0.0)), np.float64, count)
        for name, slope in self._numeric:
            z += slope * np.fromiter(map(itemgetter(name), records), np.float64, count)
        return _sigmoid_many(z)


def compile_scorer(pipeline, schema) -> Scorer | None:
    """The fast scorer for a logistic pipeline, or None for one it cannot read (e.g. 'hgb')."""
    try:
        return Scorer(linear_weights(pipeline, schema))
    except NotLinearError:
        return None
