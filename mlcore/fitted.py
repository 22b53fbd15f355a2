"""A fitted logistic pipeline read as the plain sum linear.py computes with.

Done once, when a model loads or is trained: every check that the scikit-learn objects are
the shape whose log-odds is that sum (one-hot categories, standardised numbers, a binary
logistic regression, each of the schema's features covered once) lives here, so the sum
itself (linear.py) needs no scikit-learn at all.
"""

from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from .linear import LinearWeights
from .schema import CATEGORY, Schema


class NotLinearError(ValueError):
    """The pipeline is not the one-hot + scaler + logistic shape (e.g. the 'hgb' algorithm)."""


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
