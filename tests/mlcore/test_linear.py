"""linear.py is the one home of the log-odds sum and the sigmoid, and it is exact."""

import ast
import math
from pathlib import Path

import numpy as np
import pytest

import mlcore
from mlcore import evaluate, live
from mlcore.fitted import linear_weights
from mlcore.linear import LinearWeights, sigmoid, sigmoid_array

MLCORE_DIR = Path(mlcore.__file__).resolve().parent
TOLERANCE = 1e-9


@pytest.fixture(scope="module")
def weights(seed_model) -> LinearWeights:
    return linear_weights(seed_model.pipeline, seed_model.schema)


@pytest.fixture(scope="module")
def records(seed_model, seed_split) -> list[dict]:
    return seed_split.test[list(seed_model.schema.names)].to_dict("records")


def test_sigmoid_and_its_array_form_agree_and_never_overflow():
    z = np.array([-1000.0, -745.0, -700.0, -36.0, -1.5, -1e-300, 0.0, 1e-300, 2.0, 36.0, 700.0, 1000.0])
    with np.errstate(over="raise", invalid="raise", divide="raise"):  # underflow to 0.0 is the answer
        many = sigmoid_array(z)
    one = np.array([sigmoid(float(v)) for v in z])
    assert many.dtype == np.float64
    assert np.allclose(many, one, rtol=1e-15, atol=0.0)
    assert (sigmoid(1000.0), sigmoid(-1000.0), sigmoid(0.0)) == (1.0, 0.0, 0.5)
    assert sigmoid(-700.0) == pytest.approx(math.exp(-700.0), rel=1e-12)
    assert sigmoid(2.0) + sigmoid(-2.0) == pytest.approx(1.0, abs=1e-15)


def test_log_odds_is_the_pipelines_decision_function_on_the_test_split(seed_model, seed_split, weights, records):
    expected = seed_model.pipeline.decision_function(seed_split.test[list(seed_model.schema.names)])
    one_by_one = np.array([weights.log_odds(r) for r in records])
    assert np.abs(one_by_one - expected).max() < TOLERANCE
    # The array form sums the same floats in the same order: equal to the bit, not just close.
    assert np.array_equal(weights.log_odds_array(records), one_by_one)


def test_log_odds_is_the_intercept_plus_each_term_to_the_bit(weights, records):
    # log_odds writes term's arithmetic out for speed; this is what keeps the two one idea.
    order = [*weights.categorical, *weights.numeric]
    for record in records[:500]:
        z = weights.intercept
        for name in order:
            z += weights.term(name, record[name])
        assert weights.log_odds(record) == z


def test_the_array_terms_are_the_single_terms_to_the_bit(weights, records):
    for name in (*weights.categorical, *weights.numeric):
        values = [r[name] for r in records]
        assert weights.terms_array(name, values).tolist() == [weights.term(name, v) for v in values]
        assert weights.terms_array(name, iter(values), len(values)).tolist() == [weights.term(name, v) for v in values]


def test_an_unknown_or_missing_category_adds_nothing(weights):
    assert weights.term("workclass", "Astronaut") == 0.0
    assert weights.term("workclass", None) == 0.0
    assert weights.terms_array("workclass", ["Astronaut", None]).tolist() == [0.0, 0.0]
    assert weights.term("workclass", "Private") == weights.categorical["workclass"]["Private"] != 0.0


def test_a_number_term_is_its_slope_times_the_distance_from_the_training_mean(weights):
    slope, mean = weights.numeric["age"]
    assert weights.term("age", 40) == slope * (40 - mean)
    with pytest.raises(KeyError):
        weights.term("salary", 1)


def test_the_threshold_defaults_are_the_schemas():
    assert evaluate.metrics.__defaults__ == (mlcore.THRESHOLD,)
    assert live.live_figures.__defaults__ == (mlcore.THRESHOLD,)


def _sigmoid_and_exp_sites(path: Path) -> list[str]:
    """Where a module defines a sigmoid or takes an exponential (math.exp, np.exp, expit)."""
    sites = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.FunctionDef | ast.Lambda) and "sigmoid" in getattr(node, "name", "").lower():
            sites.append(f"def {node.name}")
        elif isinstance(node, ast.Attribute) and node.attr in ("exp", "expit"):
            sites.append(f".{node.attr}")
        elif isinstance(node, ast.ImportFrom) and any(a.name in ("exp", "expit") for a in node.names):
            sites.append(f"from {node.module} import exp")
    return sites


def test_the_sigmoid_and_exp_are_written_in_linear_py_only():
    found = {path.name: _sigmoid_and_exp_sites(path) for path in sorted(MLCORE_DIR.glob("*.py"))}
    assert {"def sigmoid", "def sigmoid_array", ".exp"} <= set(found.pop("linear.py"))  # the walker finds them
    assert {name: sites for name, sites in found.items() if sites} == {}


def test_an_odds_ratio_is_the_exponential_of_the_terms_difference(weights):
    private, state = weights.categorical["workclass"]["Private"], weights.categorical["workclass"]["State-gov"]
    assert weights.odds_ratio("workclass", "Private", "State-gov") == pytest.approx(math.exp(private - state))
    assert weights.odds_ratio("workclass", "Private", "Private") == 1.0
    assert weights.odds_ratio("age", 1, 0) == pytest.approx(math.exp(weights.numeric["age"][0]), rel=1e-12)
