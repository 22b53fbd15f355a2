"""Tree explanations add up: base + contributions is the model's own log-odds, on every test row."""

import json
import math

import numpy as np
import pytest
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, OrdinalEncoder
from threadpoolctl import threadpool_limits

import mlcore
from mlcore.training import build_pipeline
from mlcore.trees import NotTreeError, TreeExplainer

TOLERANCE = 1e-6
TEST_ROWS = 16_281  # every row of data/adult.test: a blank category is kept as "Not-stated"


def kinds(schema) -> tuple[list[str], list[str]]:
    categorical = [f.name for f in schema.features if f.kind == mlcore.CATEGORY]
    return categorical, [name for name in schema.names if name not in categorical]


def one_hot_hgb(schema, **settings) -> Pipeline:
    """training's hgb pipeline with its categories one-hot encoded, the form shap reads exactly."""
    categorical, numeric = kinds(schema)
    pipeline = build_pipeline(schema, "hgb")
    encode = ColumnTransformer(
        [
            ("cat", OneHotEncoder(handle_unknown="ignore", sparse_output=False), categorical),
            ("num", "passthrough", numeric),
        ]
    )
    return pipeline.set_params(encode=encode, model__categorical_features=None, **settings)


def fitted(pipeline, frame, names):
    with threadpool_limits(limits=1, user_api="openmp"):  # see full_hgb in conftest.py
        return pipeline.fit(frame[list(names)], frame["y"])


@pytest.fixture(scope="module", params=["training", "one-hot"])
def full_trees(request, full_split):
    """All features, gradient boosting, and its explainer, fitted once in each of the two forms
    shap reads exactly: training's own (one column of category codes per input) and one-hot
    categories (versions trained before 2026-12-06)."""
    if request.param == "training":
        trained = request.getfixturevalue("full_hgb")
        return trained.pipeline, TreeExplainer(trained.pipeline, trained.schema), trained.schema
    schema = mlcore.Schema.from_frame(full_split.train, mlcore.PRESETS["full"])
    pipeline = fitted(one_hot_hgb(schema), full_split.train, schema.names)
    return pipeline, TreeExplainer(pipeline, schema), schema


def test_base_plus_contributions_is_the_log_odds_on_every_test_row(full_trees, full_split):
    pipeline, explainer, schema = full_trees
    rows = full_split.test[list(schema.names)]
    assert len(rows) == TEST_ROWS
    with threadpool_limits(limits=1, user_api="openmp"):
        explained = explainer.explain_many(rows.to_dict("records"))
        log_odds = pipeline.decision_function(rows)
    totals = np.array([e["base"] + math.fsum(c["contribution"] for c in e["contributions"]) for e in explained])
    assert len(totals) == TEST_ROWS
    assert np.abs(totals - log_odds).max() < TOLERANCE
    # Not a sum of zeros: the inputs move these answers by several units of log-odds.
    assert np.abs(totals - explainer.base).max() > 3


def test_the_base_is_the_average_training_person(full_trees, full_split):
    pipeline, explainer, schema = full_trees
    # Path-dependent TreeSHAP weighs each leaf by its training count, so the base is the
    # mean log-odds over the training rows, the base the logistic model's reasons use.
    with threadpool_limits(limits=1, user_api="openmp"):
        average = pipeline.decision_function(full_split.train[list(schema.names)]).mean()
    assert explainer.base == pytest.approx(average, abs=TOLERANCE)


def test_one_entry_per_input_in_the_schemas_order_json_ready(full_trees, full_split):
    _, explainer, schema = full_trees
    records = full_split.test[list(schema.names)].head(3).to_dict("records")
    explained = explainer.explain_many(records)
    assert [len(e["contributions"]) for e in explained] == [len(schema.names)] * 3
    for record, explanation in zip(records, explained, strict=True):
        assert set(explanation) == {"base", "contributions"}
        assert [c["feature"] for c in explanation["contributions"]] == list(schema.names)
        assert [c["value"] for c in explanation["contributions"]] == list(record.values())
        assert all(type(c["contribution"]) is float for c in explanation["contributions"])
    assert json.loads(json.dumps(explained)) == explained
    assert explainer.explain(records[1]) == explained[1]
    assert explainer.explain_many([]) == []


def test_a_change_to_an_input_the_model_does_not_use_leaves_its_contribution_zero(seed_split, seed_model):
    schema = seed_model.schema
    # Every training person the same sex: no tree can split on it.
    train = seed_split.train.assign(sex="Male")
    pipeline = fitted(one_hot_hgb(schema, model__max_iter=50), train, schema.names)
    explainer = TreeExplainer(pipeline, schema)
    record = seed_split.test[list(schema.names)].iloc[0].to_dict()
    male, female = explainer.explain_many([{**record, "sex": "Male"}, {**record, "sex": "Female"}])
    contribution = {c["feature"]: c["contribution"] for c in male["contributions"]}
    assert contribution["sex"] == 0.0
    assert female == {
        **male,
        "contributions": [{**c, "value": "Female"} if c["feature"] == "sex" else c for c in male["contributions"]],
    }
    assert any(abs(c) > 0.1 for c in contribution.values())


def test_what_shap_cannot_explain_exactly_is_refused(seed_model, seed_split):
    schema = seed_model.schema
    categorical, numeric = kinds(schema)
    ordinal = OrdinalEncoder(handle_unknown="use_encoded_value", unknown_value=np.nan)
    native = Pipeline(
        [
            ("encode", ColumnTransformer([("cat", ordinal, categorical), ("num", "passthrough", numeric)])),
            ("model", HistGradientBoostingClassifier(categorical_features=list(range(len(categorical))), max_iter=20)),
        ]
    )
    fitted(native, seed_split.train.head(2000), schema.names)
    with pytest.raises(NotTreeError, match="splits categories natively"):
        TreeExplainer(native, schema)
    with pytest.raises(NotTreeError, match="shap cannot read this model"):
        TreeExplainer(seed_model.pipeline, schema)  # logistic
    with pytest.raises(NotTreeError, match="not fitted"):
        TreeExplainer(one_hot_hgb(schema), schema)
    other = mlcore.Schema(tuple(f for f in schema.features if f.name != "race"))
    with pytest.raises(NotTreeError, match=r"encodes \['race'\], which are not among the schema's inputs"):
        TreeExplainer(fitted(one_hot_hgb(schema, model__max_iter=5), seed_split.train.head(2000), schema.names), other)
    assert issubclass(NotTreeError, ValueError)


def test_each_input_gets_the_shapley_values_of_its_own_columns(full_trees, full_split):
    pipeline, explainer, schema = full_trees
    rows = full_split.test[list(schema.names)].head(200)
    values = explainer.shap.shap_values(pipeline[0].transform(rows), check_additivity=False)
    # The oracle reads ownership from the encoder's column names: "num__age", and "cat__sex"
    # (training's codes) or "cat__sex_Male" (one-hot).
    columns = pipeline[0].get_feature_names_out()
    owns = {name: (f"num__{name}", f"cat__{name}") for name in schema.names}
    owned = {name: [c in owns[name] or c.startswith(f"cat__{name}_") for c in columns] for name in schema.names}
    assert all(sum(mask) >= 1 for mask in owned.values())
    assert sum(map(sum, owned.values())) == len(columns)
    expected = np.column_stack([values[:, mask].sum(axis=1) for mask in owned.values()])
    assert np.abs(explainer.contributions(rows.to_dict("records")) - expected).max() < 1e-12
