"""Exact reasons for a logistic model's answer: each input's share of the log-odds.

The log-odds is a sum, an intercept plus one term per input (see linear.py), so it can be
split exactly. The base is the training data's average person: for each input, its term
averaged over the training rows. Then

    base = intercept + sum of the average terms
    contribution of an input = its term for this person - its average term
    base + sum of contributions = the log-odds of this answer, exactly

A contribution says how far this answer of this input moves the estimate from the average
person the model learned from, and over the training data each averages to zero. The
intercept alone would make a poorer base: it depends on which category the encoder took as
its reference and on where the scaler centred the numbers, so it describes nobody.
"""

import math

import pandas as pd

from .linear import LinearWeights


def term(weights: LinearWeights, name: str, value) -> float:
    """One input's term of the log-odds (an unknown category adds 0, as in the pipeline)."""
    if name in weights.categorical:
        return weights.categorical[name].get(value, 0.0)
    slope, mean = weights.numeric[name]
    return slope * (value - mean)


def term_averages(weights: LinearWeights, frame: pd.DataFrame) -> dict[str, float]:
    """Each input's term averaged over the rows of `frame` (the training split), by feature."""
    averages = {name: float(frame[name].map(table).fillna(0.0).mean()) for name, table in weights.categorical.items()}
    for name, (slope, mean) in weights.numeric.items():
        averages[name] = float(slope * (frame[name].mean() - mean))
    return averages


class Explainer:
    """Contributions on the log-odds scale for cleaned records of one logistic model."""

    def __init__(self, weights: LinearWeights, averages: dict[str, float], names):
        self.weights = weights
        self.averages = averages
        self.names = list(names)  # the schema's order, the order a person filled them in
        self.base = weights.intercept + math.fsum(averages[name] for name in self.names)

    def explain(self, record: dict) -> dict:
        """{"base": float, "contributions": [{"feature", "value", "contribution"}, ...]},
        one entry per input, in the schema's order; JSON-ready."""
        contributions = [
            {
                "feature": name,
                "value": record[name],
                "contribution": term(self.weights, name, record[name]) - self.averages[name],
            }
            for name in self.names
        ]
        return {"base": self.base, "contributions": contributions}
