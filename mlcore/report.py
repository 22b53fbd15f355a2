"""The model card: what the site says about a trained model, built once at retrain so that
its pages do no model work (JSON-ready values, and the test scores packed as bytes)."""

import numpy as np
import sklearn
from threadpoolctl import threadpool_limits

from . import evaluate, fairness
from .aside import contributions_beside
from .fitted import NotLinearError, linear_weights
from .flips import flip_test
from .labels import category_label
from .permutation import card_importance, card_sample, respond
from .schema import THRESHOLD, Schema

PUBLISHED = [
    {
        "model": "Logistic regression, all inputs",
        "roc_auc": 0.90,
        "source": "Commonly reported for this split (adult.data to train, adult.test to test), inputs one-hot encoded.",
    },
    {
        "model": "Tuned gradient boosting",
        "roc_auc_low": 0.925,
        "roc_auc_high": 0.928,
        "source": "Commonly reported for tuned gradient-boosted trees (XGBoost, LightGBM) on the same split.",
    },
]

LIMITATIONS = [
    "The data were extracted from the US Census Bureau's 1994 database: jobs, pay and prices have "
    "changed since, and $50,000 then was worth roughly twice what it is today.",
    "The rows are not a fair sample of today's population, nor of 1994's: the extract kept only people "
    "over 16 who reported some income and some hours of work, and the model ignores the survey's weights.",
    "Groups are unevenly represented: about two in three rows are men and more than four in five are "
    "recorded as White, so the rates for women and for smaller race groups rest on far fewer people.",
    "Race and sex are the census's own 1994 categories, five race groups and two sexes; they are coarse "
    "and say nothing about how anyone describes themselves.",
    "The labels carry the pay gaps of 1994, and a model that learns from them repeats those gaps, as the "
    "fairness section shows.",
    "Race and sex are inputs only because the tutorial this site grew from used them. They are kept so "
    "that this card can measure their effect openly (see the flip test), not because they should count.",
    "Answers left blank in the census are kept as their own answer, Not stated, so the model also learns "
    "from who left a question blank.",
    "This is a teaching model. Do not use it to make or support any decision about a real person, such as "
    "hiring, pay, lending or insurance.",
]

# What one unit of each number is, for "odds per one more ...".
UNITS = {"age": "year", "hours_per_week": "hour", "capital_gain": "dollar", "capital_loss": "dollar"}


def _odds_ratios(weights, schema: Schema) -> list[dict]:
    """Each category's odds of >50K against the feature's most common training category
    (the schema's default), each number's odds per one more unit; largest first within a feature."""
    items = []
    for feature in schema.features:
        name = feature.name
        if name in weights.categorical:
            reference = feature.default
            odds = {c: weights.odds_ratio(name, c, reference) for c in weights.categorical[name] if c != reference}
            compared_with = category_label(name, reference)
        else:
            odds = {None: weights.odds_ratio(name, 1, 0)}
            compared_with = f"one more {UNITS.get(name, 'unit')}"
        for code, ratio in sorted(odds.items(), key=lambda item: -item[1]):
            value_label = None if code is None else category_label(name, code)
            row = {"feature": name, "feature_label": feature.label, "value": code, "value_label": value_label}
            items.append(row | {"odds_ratio": evaluate.json_number(ratio), "compared_with": compared_with})
    return items


def _linear_importance(pipeline, schema: Schema) -> dict | None:
    """A logistic model's importance section, read from its weights; None for another model."""
    try:
        weights = linear_weights(pipeline, schema)
    except NotLinearError:
        return None
    return {"kind": "odds_ratio", "items": _odds_ratios(weights, schema)}


def model_card(
    *,
    pipeline,
    schema,
    algorithm,
    preset,
    train_frame,
    test_frame,
    missing,
    data_sha256,
    trained_at,
    test_probabilities=None,
    data_files=None,
    helper=None,
) -> tuple[dict, bytes]:
    """The card of a fitted pipeline, and its test scores packed by evaluate.pack_scores.

    The frames hold the schema's columns, "y", and always "sex" and "race" (for the fairness
    tables, used by the model or not). `test_probabilities`, the TrainedModel's, saves
    predicting the test split again. `data_files`, the files' names by split as in
    `data_sha256`, goes in the training section when given (cards from before lack it).
    `helper`, aside.second_process's pool, computes TreeSHAP's part beside the rest."""
    names, groups = list(schema.names), ("sex", "race")
    rows, y = test_frame[names], test_frame["y"].to_numpy()

    def predict_labels(frame):
        return respond(pipeline, frame)[:, 1] >= THRESHOLD

    # One OpenMP thread, as in training.train: two spun against each other on two shared
    # cores (a stacked prediction took 12 s instead of 2 s), and the numbers are the same.
    with threadpool_limits(limits=1, user_api="openmp"):
        p = respond(pipeline, rows)[:, 1] if test_probabilities is None else np.asarray(test_probabilities)
        decided = p >= THRESHOLD
        linear, sample = _linear_importance(pipeline, schema), card_sample(len(rows))
        # A tree model's TreeSHAP is sent off first, to run beside the flip test and the shuffles.
        moved = None if linear else contributions_beside(helper, pipeline, schema, rows.iloc[sample].to_dict("records"))
        flips = {feature: flip_test(predict_labels, rows, feature, before=decided) for feature in groups}
        importance = linear or card_importance(pipeline, rows.iloc[sample], y[sample], moved)
    rates = {feature: fairness.metric_frame(y, decided, test_frame[feature]) for feature in groups}
    fair = {f: fairness.group_table(y, decided, test_frame[f], rates[f]) for f in groups}
    fair["summary"] = {feature: fairness.summary(y, decided, test_frame[feature], rates[feature]) for feature in groups}
    card = {
        "metrics": {**evaluate.metrics(y, p, THRESHOLD), "rows_train": len(train_frame), "threshold": THRESHOLD},
        "baseline": evaluate.baseline(train_frame["y"].to_numpy(), y),
        "published": PUBLISHED,
        "curves": evaluate.curves(y, p),
        "calibration": evaluate.calibration(y, p),
        "confusion": evaluate.at_threshold(y, p, THRESHOLD),
        "importance": importance,
        "training": {
            "algorithm": algorithm,
            "preset": preset,
            "features": names,
            "rows_train": len(train_frame),
            "rows_test": len(test_frame),
            "missing": {split: {f: int(n) for f, n in counts.items()} for split, counts in missing.items()},
            "data_sha256": dict(data_sha256),
            **({"data_files": dict(data_files)} if data_files else {}),
            "sklearn_version": sklearn.__version__,
            "trained_at": trained_at,
        },
        "fairness": fair | {"flip": flips},
        "limitations": LIMITATIONS,
    }
    return card, evaluate.pack_scores(y, p)
