"""Predicting one record or many, and how the default model behaves."""

from itertools import pairwise

import pandas as pd
import pytest

import mlcore

from .test_validate import NOT_AN_OBJECT, SEED, SEX_REQUIRED, WHOLE_AGE


def person(**changes) -> dict:
    base = {"age": 39, "workclass": "Private", "education": "HS-grad", "marital_status": "Divorced"}
    return base | {"race": "White", "sex": "Male", "hours_per_week": 40} | changes


LIKELY_RICH = person(age=45, education="Doctorate", marital_status="Married-civ-spouse", hours_per_week=50)
LIKELY_POOR = person(age=19, education="11th", marital_status="Never-married", hours_per_week=20)


def test_predict_one_gives_a_probability_and_its_label(predictor):
    for record in (LIKELY_RICH, LIKELY_POOR, person()):
        result = predictor.predict_one(record)
        assert set(result) == {"probability", "label"}
        assert type(result["probability"]) is float and type(result["label"]) is bool
        assert 0 <= result["probability"] <= 1
        assert result["label"] == (result["probability"] >= 0.5)
    assert predictor.predict_one(LIKELY_RICH)["label"] is True
    assert predictor.predict_one(LIKELY_POOR)["label"] is False


def test_predict_one_refuses_an_invalid_record(predictor, valid_record):
    with pytest.raises(mlcore.RecordError) as caught:
        predictor.predict_one(valid_record | {"age": 200})
    assert caught.value.errors == [{"field": "age", "message": "must be between 17 and 90; got 200"}]
    assert str(caught.value) == "age: must be between 17 and 90; got 200"


def test_predict_many_keeps_order_and_matches_the_pipeline(predictor, seed_split):
    rows = seed_split.test[list(SEED)].head(300)
    results = predictor.predict_many(rows.to_dict("records"))
    expected = predictor.pipeline.predict_proba(rows)[:, 1]
    # The compiled scorer answers, and agrees with the pipeline to rounding (see test_scorer).
    assert predictor.scorer is not None
    assert max(abs(r["probability"] - p) for r, p in zip(results, expected, strict=True)) < 1e-9
    assert [r["label"] for r in results] == (expected >= 0.5).tolist()
    assert {r["label"] for r in results} == {True, False}


def test_a_model_the_scorer_cannot_read_is_asked_directly(full_hgb, full_split):
    predictor = mlcore.Predictor(full_hgb.pipeline, full_hgb.schema)
    rows = full_split.test[list(full_hgb.schema.names)].head(50)
    assert predictor.scorer is None
    results = predictor.predict_many(rows.to_dict("records"))
    assert [r["probability"] for r in results] == full_hgb.pipeline.predict_proba(rows)[:, 1].tolist()


def test_predict_many_matches_predict_one(predictor):
    records = [LIKELY_POOR, LIKELY_RICH, person(), LIKELY_POOR]
    # One record is scored with math.exp, a batch with numpy's exp: equal to the last bit here,
    # but numpy may use another exp on other processors.
    together, alone = predictor.predict_many(records), [predictor.predict_one(r) for r in records]
    assert [r["label"] for r in together] == [r["label"] for r in alone]
    assert [r["probability"] for r in together] == pytest.approx([r["probability"] for r in alone], abs=1e-15)


def test_predict_many_indexes_errors_by_record(predictor, valid_record):
    no_sex = {k: v for k, v in valid_record.items() if k != "sex"}
    records = [valid_record, valid_record | {"age": "x"}, valid_record, no_sex, "nobody"]
    with pytest.raises(mlcore.RecordError) as caught:
        predictor.predict_many(records)
    assert caught.value.errors == [
        {"index": 1, "field": "age", "message": WHOLE_AGE},
        {"index": 3, "field": "sex", "message": SEX_REQUIRED},
        {"index": 4, **NOT_AN_OBJECT[0]},
    ]
    assert str(caught.value).startswith(f"record 1: age: {WHOLE_AGE}; record 3: sex: {SEX_REQUIRED}; record 4: ")


def test_predict_many_of_nothing_is_nothing(predictor):
    assert predictor.predict_many([]) == []


# Behaviour of the default model, as the style guide asks.


def test_logreg_hours_coefficient_is_positive(predictor):
    encode, model = predictor.pipeline.named_steps["encode"], predictor.pipeline.named_steps["model"]
    names = list(encode.get_feature_names_out())
    assert model.coef_[0][names.index("num__hours_per_week")] > 0


@pytest.mark.parametrize(
    "base", [LIKELY_POOR, LIKELY_RICH, person(sex="Female", race="Black")], ids=["poor", "rich", "other"]
)
def test_more_hours_never_lower_the_probability(predictor, base):
    feature = predictor.schema["hours_per_week"]
    hours = range(feature.minimum, feature.maximum + 1)
    probabilities = [r["probability"] for r in predictor.predict_many([base | {"hours_per_week": h} for h in hours])]
    assert all(later >= earlier for earlier, later in pairwise(probabilities))
    assert probabilities[-1] > probabilities[0]


def test_a_feature_the_model_does_not_use_changes_nothing(predictor):
    # The seed model never sees occupation; the pipeline must ignore the column.
    frame = pd.DataFrame([LIKELY_POOR, LIKELY_RICH, person()])
    without = predictor.pipeline.predict_proba(frame)
    for occupation in ("Exec-managerial", "Handlers-cleaners", "Priv-house-serv"):
        with_column = predictor.pipeline.predict_proba(frame.assign(occupation=occupation))
        assert (with_column == without).all()


def test_married_doctor_working_long_hours_outscores_a_teenage_dropout(predictor):
    rich, poor = predictor.predict_one(LIKELY_RICH), predictor.predict_one(LIKELY_POOR)
    assert rich["probability"] > poor["probability"]
    assert rich["probability"] - poor["probability"] > 0.5


def test_record_error_is_a_value_error():
    assert issubclass(mlcore.RecordError, ValueError)


def test_batches_are_put_together_as_text_only_for_narrow_inputs(seed_model, full_split):
    """The per-value text tables (mlcore/columns.py) are built for the default model; a
    model with capital gains (0 to 99,999) would need 100,000 entries a table, so its
    batches take the general path."""
    seed = mlcore.Predictor(seed_model.pipeline, seed_model.schema, seed_model.term_averages)
    assert seed.explained_text is not None
    full = mlcore.train(full_split.train, full_split.test, mlcore.PRESETS["full"], "logreg", "full")
    wide = mlcore.Predictor(full.pipeline, full.schema, full.term_averages)
    assert wide.method == "linear" and wide.explained_text is None
