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
from operator import itemgetter

import pandas as pd

from .linear import LinearWeights
from .schema import in_schema_order


def term_averages(weights: LinearWeights, frame: pd.DataFrame) -> dict[str, float]:
    """Each input's term averaged over the rows of `frame` (the training split), by feature."""
    return {
        name: float(weights.terms_array(name, frame[name].tolist(), len(frame)).mean())
        for name in (*weights.categorical, *weights.numeric)
    }


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
        # `term` and `terms_array` give the same floats, so explain_many's figures are these to the bit.
        term, averages = self.weights.term, self.averages
        return {
            "base": self.base,
            "contributions": [
                {"feature": name, "value": record[name], "contribution": term(name, record[name]) - averages[name]}
                for name in self.names
            ],
        }

    def contribution(self, name: str, value) -> float:
        """One input's contribution for one value (what `explain` computes for it)."""
        return self.weights.term(name, value) - self.averages[name]

    def explain_many(self, records: list[dict]) -> list[dict]:
        """`explain` for cleaned records, in order."""
        count, terms = len(records), self.weights.terms_array
        # One pass per input in C, as the scorer does: a batch of 10,000 costs milliseconds.
        columns = [
            (terms(name, map(itemgetter(name), records), count) - self.averages[name]).tolist() for name in self.names
        ]
        return explanations_of(self.base, self.names, records, zip(*columns, strict=True))


def explanations_of(base: float, names: list[str], records: list[dict], rows) -> list[dict]:
    """The explanation shape, one per record, from each record's contributions in `names`'
    order (`rows`): what every explainer, linear or tree, answers."""
    return [
        {
            "base": base,
            "contributions": [
                {"feature": name, "value": record[name], "contribution": c} for name, c in zip(names, row, strict=True)
            ],
        }
        for record, row in zip(records, rows, strict=True)
    ]


def compact(explanation: dict) -> dict:
    """The stored form: {"base", "contributions": {feature: contribution}}, with "method"
    when it is not "linear" (rows stored before tree explanations were all linear). The
    values are the prediction's inputs already, and half the bytes is half the database's work."""
    stored = {
        "base": explanation["base"],
        "contributions": {c["feature"]: c["contribution"] for c in explanation["contributions"]},
    }
    if explanation.get("method", "linear") != "linear":
        stored["method"] = explanation["method"]
    return stored


def expand(stored: dict | list, inputs: dict) -> dict:
    """The inverse of `compact`, given the prediction's inputs. Entries come back in the
    schema's order: PostgreSQL's jsonb keeps an object's keys in an order of its own.

    A linear explanation may also be stored as an array, `[base, contribution, ...]`, the
    contributions in the schema's order of the inputs (columns.ExplainedText writes API
    batches so): without the names, PostgreSQL parses a third of the text per row."""
    if isinstance(stored, list):
        names = in_schema_order(inputs)
        stored = {"base": stored[0], "contributions": dict(zip(names, stored[1:], strict=True))}
    entries = [
        {"feature": name, "value": inputs.get(name), "contribution": contribution}
        for name, contribution in in_schema_order(stored["contributions"]).items()
    ]
    return {"base": stored["base"], "contributions": entries, "method": stored.get("method", "linear")}
