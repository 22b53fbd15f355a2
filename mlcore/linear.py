"""A fitted logistic pipeline's weights, and the one place its sum and the sigmoid are written.

The logistic pipeline of `training.build_pipeline` is one-hot categories plus standardised
numbers feeding a logistic regression, so its log-odds is a plain sum: an intercept, one
coefficient per category and one slope per number. `linear_weights` reads that sum out of
the fitted scikit-learn objects once, when a model loads. The scorer, the explanations, the
what-ifs and drift all compute with `LinearWeights.term`/`log_odds` (or their array forms)
and `sigmoid`, so they agree with each other and with the pipeline by construction.
"""

import math
from dataclasses import dataclass
from itertools import repeat
from operator import itemgetter

import numpy as np
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from .schema import CATEGORY, Schema


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


class NotLinearError(ValueError):
    """The pipeline is not the one-hot + scaler + logistic shape (e.g. the 'hgb' algorithm)."""


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


def _encoder_weights(encoder: OneHotEncoder, columns, coef) -> dict[str, dict[str, float]]:
    # Categories a threshold folds into one "infrequent" column cannot be read one by one.
    if encoder.handle_unknown != "ignore" or encoder.min_frequency is not None or encoder.max_categories is not None:
        raise NotLinearError("the one-hot encoder must use handle_unknown='ignore' and no infrequent grouping")
    drop_idx = encoder.drop_idx_ if encoder.drop_idx_ is not None else [None] * len(columns)
    weights, position = {}, 0
    for name, categories, dropped in zip(columns, encoder.categories_, drop_idx, strict=True):
        table = {}
        for index, category in enumerate(categories):
            if not isinstance(category, str):
                raise NotLinearError(f"feature {name!r} has a non-text category {category!r}")
            if index == dropped:
                table[category] = 0.0  # the dropped category is the all-zeros row, like an unknown one
            else:
                table[category] = float(coef[position])
                position += 1
        weights[name] = table
    return weights


def _scaler_weights(scaler: StandardScaler, columns, coef) -> dict[str, tuple[float, float]]:
    # A scaler that does not centre (or scale) still computes mean_ (scale_); it just does not apply it.
    means = scaler.mean_ if scaler.with_mean else [0.0] * len(columns)
    scales = scaler.scale_ if scaler.with_std else [1.0] * len(columns)
    return {name: (float(c / s), float(m)) for name, c, s, m in zip(columns, coef, scales, means, strict=True)}


def linear_weights(pipeline, schema: Schema) -> LinearWeights:
    """Read a fitted logistic pipeline's weights, keyed and ordered by the schema's features.

    Raises NotLinearError (a ValueError) for anything else: another model such as 'hgb', an
    unfitted pipeline, other encoders, or a feature the transformers do not cover once.
    """
    steps = getattr(pipeline, "steps", None)
    if not steps or len(steps) != 2:
        raise NotLinearError("expected a two-step pipeline: a ColumnTransformer, then a LogisticRegression")
    encode, model = steps[0][1], steps[1][1]
    if not isinstance(encode, ColumnTransformer) or not isinstance(model, LogisticRegression):
        raise NotLinearError(f"not a logistic pipeline: {type(encode).__name__} then {type(model).__name__}")
    if not hasattr(model, "coef_") or not hasattr(encode, "transformers_"):
        raise NotLinearError("the pipeline is not fitted")
    if model.coef_.shape[0] != 1 or list(model.classes_) != [0, 1]:
        raise NotLinearError(f"expected a binary model of classes [0, 1]; got {list(model.classes_)}")
    coef = model.coef_[0]
    categorical, numeric, covered = {}, {}, []
    for name, transformer, columns in encode.transformers_:
        part = coef[encode.output_indices_[name]]
        if transformer == "drop" or not len(columns):
            continue
        covered += list(columns)
        if isinstance(transformer, OneHotEncoder):
            categorical.update(_encoder_weights(transformer, columns, part))
        elif isinstance(transformer, StandardScaler):
            numeric.update(_scaler_weights(transformer, columns, part))
        else:
            raise NotLinearError(f"transformer {name!r} is a {type(transformer).__name__}, not a one-hot or scaler")
    is_category = {f.name: f.kind == CATEGORY for f in schema.features}
    found = {**dict.fromkeys(categorical, True), **dict.fromkeys(numeric, False)}
    # A column encoded twice would count twice in the model but once here.
    if sorted(covered) != sorted(is_category) or found != is_category:
        raise NotLinearError(
            f"the pipeline encodes {sorted(categorical)} as categories and {sorted(numeric)} as numbers; "
            f"the schema's features are {list(is_category)}"
        )
    return LinearWeights(
        intercept=float(model.intercept_[0]),
        categorical={name: categorical[name] for name, yes in is_category.items() if yes},
        numeric={name: numeric[name] for name, yes in is_category.items() if not yes},
    )
