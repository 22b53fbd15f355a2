"""Exact reasons for a tree model's answer: each input's Shapley contribution to the log-odds.

shap's TreeExplainer computes TreeSHAP in its path-dependent form: no background rows; the
fitted trees' own training counts (covers) stand for the average person. That makes it
exact for the trees as fitted and cheap enough for every answer; the interventional form
would depend on which background sample was drawn and cost a pass over it per record.
Then

    base = the model's average log-odds over its training rows (cover-weighted)
    base + sum of contributions = the log-odds of this answer (to rounding, ~1e-13)

the shape and the meaning of explain.py's, so the page and the API read both alike.

shap reads scikit-learn's gradient boosting with *native* categorical splits as numeric
thresholds and answers wrong sums (off by up to 10 in log-odds on the census test split;
shap issue 3436), so such a model is refused here. Its categories must come as numbers
split as numbers (training's ordinal codes: one column per input, so each input's value
is its own Shapley value) or as one-hot columns (an input's columns summed).
"""

import numpy as np
import pandas as pd
import shap
from sklearn.compose import ColumnTransformer
from sklearn.preprocessing import OneHotEncoder

from .explain import explanations_of
from .schema import Schema


class NotTreeError(ValueError):
    """The pipeline is not one this module can explain exactly."""


def _owners(encode: ColumnTransformer, names: list[str]) -> np.ndarray:
    """For each encoded column, the position in `names` of the input it encodes."""
    owners = np.full(len(encode.get_feature_names_out()), -1)
    for name, transformer, columns in encode.transformers_:
        if transformer == "drop" or not len(columns):
            continue
        if isinstance(transformer, OneHotEncoder):
            if transformer.min_frequency is not None or transformer.max_categories is not None:
                raise NotTreeError("a one-hot encoder that groups infrequent categories cannot be read one by one")
            dropped = transformer.drop_idx_ if transformer.drop_idx_ is not None else [None] * len(columns)
            widths = [len(c) - (d is not None) for c, d in zip(transformer.categories_, dropped, strict=True)]
        else:
            widths = [1] * len(columns)  # passthrough or an ordinal encoder: one column per input
        unknown = [column for column in columns if column not in names]
        if unknown:
            raise NotTreeError(f"the pipeline encodes {unknown}, which are not among the schema's inputs {names}")
        span = encode.output_indices_[name]
        if span.stop - span.start != sum(widths):
            raise NotTreeError(f"transformer {name!r} gives {span.stop - span.start} columns for {len(columns)} inputs")
        owners[span] = np.repeat([names.index(column) for column in columns], widths)
    if (owners < 0).any() or sorted(set(owners)) != list(range(len(names))):
        raise NotTreeError(f"the pipeline does not encode each of the schema's inputs {names} exactly once")
    return owners


class TreeExplainer:
    """Contributions on the log-odds scale for cleaned records of one fitted tree pipeline
    (a ColumnTransformer, then a tree ensemble shap reads, such as HistGradientBoostingClassifier)."""

    def __init__(self, pipeline, schema: Schema):
        steps = getattr(pipeline, "steps", None)
        if not steps or len(steps) != 2 or not isinstance(steps[0][1], ColumnTransformer):
            raise NotTreeError("expected a two-step pipeline: a ColumnTransformer, then a tree model")
        self.encode, model = steps[0][1], steps[1][1]
        if not hasattr(self.encode, "transformers_"):
            raise NotTreeError("the pipeline is not fitted")
        if getattr(model, "is_categorical_", None) is not None and model.is_categorical_.any():
            raise NotTreeError("the model splits categories natively, which shap cannot explain exactly")
        self.names = list(schema.names)
        self.owners = _owners(self.encode, self.names)
        try:
            self.shap = shap.TreeExplainer(model, feature_perturbation="tree_path_dependent", model_output="raw")
        except (AttributeError, NotImplementedError, ValueError) as error:  # ValueError: shap's InvalidModelError
            raise NotTreeError(f"shap cannot read this model: {error}") from error
        self.base = float(np.ravel(self.shap.expected_value)[0])

    def contributions(self, records: list[dict]) -> np.ndarray:
        """A (records, inputs) array: each input's contribution, inputs in the schema's order."""
        frame = pd.DataFrame.from_records(records, columns=self.names)
        columns = np.asarray(self.encode.transform(frame), dtype=np.float64)
        # shap's own additivity check would predict every row a second time; tests/mlcore/test_trees.py
        # checks the sums on the whole test split instead.
        values = np.asarray(self.shap.shap_values(columns, check_additivity=False)).reshape(len(records), -1)
        # An input encoded into several columns (one-hot) gets the sum of their Shapley values:
        # Shapley values add up over any grouping of columns, so base + sum stays exact; the sum is
        # the group's share, not the Shapley value of a game with the input as one player (the
        # two can differ where the columns interact with each other or with other inputs).
        per_input = np.zeros((len(records), len(self.names)))
        np.add.at(per_input, (slice(None), self.owners), values)
        return per_input

    def explain_many(self, records: list[dict]) -> list[dict]:
        """{"base": float, "contributions": [{"feature", "value", "contribution"}, ...]} for each
        cleaned record, in order, one entry per input in the schema's order; JSON-ready."""
        if not records:
            return []
        return explanations_of(self.base, self.names, records, self.contributions(records).tolist())

    def explain(self, record: dict) -> dict:
        """`explain_many` for one cleaned record."""
        return self.explain_many([record])[0]


def mean_abs_contributions(pipeline, schema: Schema, records: list[dict]) -> dict[str, float] | None:
    """Each input's mean |contribution| (log-odds) over `records`: how far it moves answers,
    in either direction, on average (the model card's companion to permutation importance).
    None for a pipeline this module cannot explain."""
    try:
        explainer = TreeExplainer(pipeline, schema)
    except NotTreeError:
        return None
    means = np.abs(explainer.contributions(records)).mean(axis=0)
    return dict(zip(explainer.names, means.tolist(), strict=True))
