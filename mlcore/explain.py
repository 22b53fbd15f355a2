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
from itertools import repeat
from operator import itemgetter

import numpy as np
import pandas as pd

from .linear import LinearWeights
from .schema import in_schema_order


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
        # One record (the page's) in plain Python: seven small numpy passes cost ten times more.
        # The arithmetic is the same as explain_many's, so the figures are the same to the bit.
        contributions = []
        for name in self.names:
            value = record[name]
            if name in self.weights.categorical:
                term = self.weights.categorical[name].get(value, 0.0)
            else:
                slope, mean = self.weights.numeric[name]
                term = slope * (value - mean)
            contributions.append({"feature": name, "value": value, "contribution": term - self.averages[name]})
        return {"base": self.base, "contributions": contributions}

    def contribution(self, name: str, value) -> float:
        """One input's contribution for one value (what `explain` computes for it)."""
        if name in self.weights.categorical:
            return self.weights.categorical[name].get(value, 0.0) - self.averages[name]
        slope, mean = self.weights.numeric[name]
        return slope * (value - mean) - self.averages[name]

    def explain_many(self, records: list[dict]) -> list[dict]:
        """`explain` for cleaned records, in order."""
        count, columns = len(records), []
        # One pass per input in C, as the scorer does: a batch of 10,000 costs milliseconds.
        for name in self.names:
            values = map(itemgetter(name), records)
            if name in self.weights.categorical:
                terms = np.fromiter(map(self.weights.categorical[name].get, values, repeat(0.0)), np.float64, count)
            else:
                slope, mean = self.weights.numeric[name]
                terms = slope * (np.fromiter(values, np.float64, count) - mean)
            columns.append((terms - self.averages[name]).tolist())
        base, names = self.base, self.names
        return [
            {
                "base": base,
                "contributions": [
                    {"feature": name, "value": record[name], "contribution": c}
                    for name, c in zip(names, row, strict=True)
                ],
            }
            for record, row in zip(records, zip(*columns, strict=True), strict=True)
        ]


def compact(explanation: dict) -> dict:
    """The stored form: {"base", "contributions": {feature: contribution}}. The values are
    the prediction's inputs already, and half the bytes is half the database's work."""
    return {
        "base": explanation["base"],
        "contributions": {c["feature"]: c["contribution"] for c in explanation["contributions"]},
    }


def expand(stored: dict, inputs: dict) -> dict:
    """The inverse of `compact`, given the prediction's inputs. Entries come back in the
    schema's order: PostgreSQL's jsonb keeps an object's keys in an order of its own."""
    names = in_schema_order(stored["contributions"])
    entries = [
        {"feature": name, "value": inputs.get(name), "contribution": stored["contributions"][name]} for name in names
    ]
    return {"base": stored["base"], "contributions": entries}
