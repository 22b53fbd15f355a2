"""A fitted logistic pipeline's weights, and the one place its sum and the sigmoid are written.

The logistic pipeline of `training.build_pipeline` is one-hot categories plus standardised
numbers feeding a logistic regression, so its log-odds is a plain sum: an intercept, one
coefficient per category and one slope per number. `fitted.linear_weights` reads that sum
out of the fitted scikit-learn objects once, when a model loads. The scorer, the
explanations, the what-ifs and drift all compute with `LinearWeights.term`/`log_odds` (or
their array forms) and `sigmoid`, so they agree with each other and with the pipeline by
construction.
"""

import math
from dataclasses import dataclass
from itertools import repeat
from operator import itemgetter

import numpy as np


def sigmoid(z: float) -> float:
    """The probability for log-odds `z`, for any float (never an OverflowError)."""
    # exp of a large positive number overflows, so only ever take exp of a non-positive one.
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def sigmoid_array(z: np.ndarray) -> np.ndarray:
    """`sigmoid` of each element, as float64, without overflow warnings (as `sigmoid` does)."""
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


@dataclass(frozen=True)
class LinearWeights:
    """log-odds(>50K) = intercept + sum of categorical[f][value] + sum of slope * (x - mean).

    A category missing from its feature's dict (unknown, or None) adds 0.0: the encoder is
    fitted with handle_unknown="ignore", so scikit-learn encodes it as all zeros too. A
    dropped category, if the encoder drops one, is listed with 0.0 for the same reason.
    Numbers are `(slope, mean)` with slope = coef / scale, already divided by the scaler.
    """

    intercept: float
    categorical: dict[str, dict[str, float]]
    numeric: dict[str, tuple[float, float]]

    def term(self, name: str, value) -> float:
        """One input's term of the log-odds: its category's weight (0.0 for a category the
        model never saw, or None), or slope * (value - mean) for a number."""
        table = self.categorical.get(name)
        if table is not None:
            return table.get(value, 0.0)
        slope, mean = self.numeric[name]
        return slope * (value - mean)

    def log_odds(self, record: dict) -> float:
        """The intercept plus every input's term, for one cleaned record (KeyError if one lacks)."""
        # `term`'s arithmetic written out: one record is the web form's hot path, and a method
        # call per input would cost more than the sum. test_linear checks they agree to the bit.
        z = self.intercept
        for name, table in self.categorical.items():
            z += table.get(record[name], 0.0)
        for name, (slope, mean) in self.numeric.items():
            z += slope * (record[name] - mean)
        return z

    def odds_ratio(self, name: str, value, reference) -> float:
        """How many times the odds of >50K multiply when this input is `value`, not `reference`."""
        return math.exp(self.term(name, value) - self.term(name, reference))

    def terms_array(self, name: str, values, count: int = -1) -> np.ndarray:
        """`term` for many values of one input (a column, or an iterator of `count` values),
        as float64; each element is the float `term` gives, to the bit."""
        # map with dict.get runs in C: no Python loop per value.
        table = self.categorical.get(name)
        if table is not None:
            return np.fromiter(map(table.get, values, repeat(0.0)), np.float64, count)
        slope, mean = self.numeric[name]
        return slope * (np.fromiter(values, np.float64, count) - mean)

    def log_odds_array(self, records: list[dict]) -> np.ndarray:
        """`log_odds` of each cleaned record, in order, summed as `log_odds` sums (to the bit)."""
        count = len(records)
        z = np.full(count, self.intercept)
        for name in (*self.categorical, *self.numeric):
            z += self.terms_array(name, map(itemgetter(name), records), count)
        return z

    def as_dict(self) -> dict:
        """Plain JSON-ready values, in the schema's feature order."""
        numeric = {name: {"slope": slope, "mean": mean} for name, (slope, mean) in self.numeric.items()}
        return {"intercept": self.intercept, "categorical": self.categorical, "numeric": numeric}

    @classmethod
    def from_dict(cls, data: dict) -> "LinearWeights":
        """The inverse of `as_dict`, e.g. for weights stored beside a model version."""
        numeric = {name: (float(n["slope"]), float(n["mean"])) for name, n in data["numeric"].items()}
        categorical = {name: {str(c): float(w) for c, w in t.items()} for name, t in data["categorical"].items()}
        return cls(float(data["intercept"]), categorical, numeric)
