"""A compiled scorer for the logistic model: the pipeline's probabilities without pandas or scikit-learn.

Built from `LinearWeights` when a model is loaded, so the only pickle ever trusted stays the
checksummed artifact. It does no validation: records must already be valid and cleaned by
mlcore (category strings, whole numbers), as `Predictor.cleaned` returns them. The sum and
the sigmoid are linear.py's; this class is the name the predictor and the benchmarks use.
"""

import numpy as np

from .fitted import NotLinearError, linear_weights
from .linear import LinearWeights, sigmoid, sigmoid_array


class Scorer:
    """P(>50K) from the weights of a fitted logistic pipeline, one record or many.

    Categories the model never saw (or None) add nothing to the log-odds, exactly as the
    pipeline's one-hot encoder (handle_unknown="ignore") treats them. A number must be
    present; a missing feature key raises KeyError.
    """

    def __init__(self, weights: LinearWeights):
        self.weights = weights  # kept for explanations, which read the same weights

    def __reduce__(self):
        raise TypeError("a Scorer is rebuilt from LinearWeights when a model loads; it is never pickled")

    def score_one(self, record: dict) -> float:
        """The probability of >50K for one cleaned record (plain Python: no array for one)."""
        return sigmoid(self.weights.log_odds(record))

    def score_many(self, records: list[dict]) -> np.ndarray:
        """The probabilities of >50K for cleaned records, in order, as a float64 array."""
        return sigmoid_array(self.weights.log_odds_array(records))

    def score_changes(self, record: dict, options: dict[str, list]) -> list[float]:
        """`score_many` of whatif.changed_people(record, options), in that order, without
        building them: a change of one input swaps that input's term in the sum, so each
        changed person's log-odds is the record's, less the old term, plus the new one."""
        weights = self.weights
        z = weights.log_odds(record)
        parts = [np.array([z])]
        for name, values in options.items():
            parts.append(z - weights.term(name, record[name]) + weights.terms_array(name, values, len(values)))
        return sigmoid_array(np.concatenate(parts)).tolist()


def compile_scorer(pipeline, schema) -> Scorer | None:
    """The fast scorer for a logistic pipeline, or None for one it cannot read (e.g. 'hgb')."""
    try:
        return Scorer(linear_weights(pipeline, schema))
    except NotLinearError:
        return None
