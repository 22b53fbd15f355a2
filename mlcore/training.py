"""Build, fit and score the scikit-learn pipelines."""

from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, OrdinalEncoder, StandardScaler
from threadpoolctl import threadpool_limits

from . import evaluate
from .explain import term_averages
from .fitted import NotLinearError, linear_weights
from .schema import CATEGORY, Schema

ALGORITHMS = ("logreg", "hgb")
TREES = ("hgb",)  # explained by TreeSHAP (trees.py), in the card too


def _split_kinds(schema: Schema) -> tuple[list[str], list[str]]:
    categorical = [f.name for f in schema.features if f.kind == CATEGORY]
    numeric = [f.name for f in schema.features if f.kind != CATEGORY]
    return categorical, numeric


def build_pipeline(schema: Schema, algorithm: str, categories="auto") -> Pipeline:
    """A pipeline that takes a frame of the schema's columns and predicts P(>50K).

    `categories`, for gradient boosting: each categorical input's categories in the order
    its trees see them (`categories_by_rate`); "auto" sorts them by name."""
    categorical, numeric = _split_kinds(schema)
    if algorithm == "logreg":
        encode = ColumnTransformer(
            [("cat", OneHotEncoder(handle_unknown="ignore"), categorical), ("num", StandardScaler(), numeric)]
        )
        # Newton-Cholesky suits many rows and few columns: six steps (0.1 s) reach the
        # optimum, where lbfgs stopped at its default tolerance after 50 (0.6 s) short of it,
        # some probabilities 0.15 away.
        model = LogisticRegression(solver="newton-cholesky", tol=1e-8)
    elif algorithm == "hgb":
        # Imported here: only this algorithm needs it, and every default retrain and every
        # web process importing mlcore would otherwise pay for it.
        from sklearn.ensemble import HistGradientBoostingClassifier

        # Each category a number, one column per input, split as a number: shap's TreeSHAP
        # (mlcore/trees.py) reads native categorical splits as numeric thresholds and its
        # sums come out wrong (shap issue 3436). Against one-hot columns (what this was):
        # the fit 1.6 s instead of 10.1 s, the test split predicted in 0.28 s instead of
        # 1.67, held-out ROC AUC 0.9281 against 0.9280, log loss 0.2747 against 0.2750.
        # Unknown categories never reach it (the schema refuses them); -1 is a safe floor.
        ordinal = OrdinalEncoder(categories=categories, handle_unknown="use_encoded_value", unknown_value=-1)
        encode = ColumnTransformer([("cat", ordinal, categorical), ("num", "passthrough", numeric)])
        model = HistGradientBoostingClassifier(
            learning_rate=0.05,
            max_iter=500,
            max_leaf_nodes=15,
            early_stopping=False,  # a fixed schedule keeps retrains identical run to run
            random_state=0,
        )
    else:
        raise ValueError(f"unknown algorithm {algorithm!r}; allowed: {', '.join(ALGORITHMS)}")
    return Pipeline([("encode", encode), ("model", model)])


@dataclass
class TrainedModel:
    pipeline: Pipeline
    schema: Schema
    algorithm: str
    preset: str
    metrics: dict
    # Each input's average log-odds term over the training rows, the base of explanations
    # (explain.py); None for a model that is not linear.
    term_averages: dict | None = None
    # The test split's P(>50K), kept so the model card (report.py) need not predict it again.
    test_probabilities: np.ndarray | None = None


def categories_by_rate(schema: Schema, frame: pd.DataFrame) -> list[list[str]]:
    """Each categorical input's categories from the lowest share of >50K in `frame` to the
    highest (ties by name). Ordered so, the best split of the categories over all training
    rows is one threshold away (for a yes/no answer, Breiman et al., 1984); deeper in a tree
    the order is only near the best, and the trees need fewer splits than by name."""
    categorical, _ = _split_kinds(schema)
    rates = (frame.groupby(name)["y"].mean() for name in categorical)
    return [sorted(rate.index, key=lambda code, rate=rate: (rate[code], code)) for rate in rates]


def train(train_frame: pd.DataFrame, test_frame: pd.DataFrame, names, algorithm="logreg", preset="seed"):
    """Fit on the training split only and score on the held-out split."""
    schema = Schema.from_frame(train_frame, names)
    order = categories_by_rate(schema, train_frame) if algorithm == "hgb" else "auto"
    pipeline = build_pipeline(schema, algorithm, order)
    # One OpenMP thread (gradient boosting's only parallelism): on two shared cores a
    # second thread spins against other processes, and the full model took 18 s to fit and
    # score instead of 3 s. The fitted model is the same either way.
    with threadpool_limits(limits=1, user_api="openmp"):
        pipeline.fit(train_frame[list(names)], train_frame["y"])
        probabilities = pipeline.predict_proba(test_frame[list(names)])[:, 1]
    metrics = evaluate.metrics(test_frame["y"].to_numpy(), probabilities)
    metrics["rows_train"] = int(len(train_frame))
    try:
        averages = term_averages(linear_weights(pipeline, schema), train_frame)
    except NotLinearError:
        averages = None
    return TrainedModel(pipeline, schema, algorithm, preset, metrics, averages, probabilities)
