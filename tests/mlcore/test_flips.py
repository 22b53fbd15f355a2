"""The flip test: which decisions change when only sex, or only race, changes."""

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder

from mlcore.flips import flip_test

FRAME = pd.DataFrame(
    {
        "age": [25, 40, 60, 33, 51, 47],
        "sex": ["Male", "Female", "Male", "Not-stated", "Female", "Male"],
        "race": ["White", "Black", "White", "Other", "Asian-Pac-Islander", "Black"],
    }
)


def test_sex_is_swapped_on_every_row():
    result = flip_test(lambda frame: (frame["sex"] == "Male").to_numpy(), FRAME, "sex")
    # Three men become women (to negative), two women become men; "Not stated" stays.
    assert result == {"feature": "sex", "rows": 6, "changed": 5, "to_positive": 2, "to_negative": 3, "in_model": True}


def test_race_is_set_to_each_group_in_turn():
    result = flip_test(lambda frame: (frame["race"] == "White").to_numpy(), FRAME, "race")
    by_group = {row["group"]: row["changed"] for row in result["by_group"]}
    # Set to White, the four others become positive; set to any other group, the two White rows negative.
    assert by_group == {"Asian-Pac-Islander": 2, "Black": 2, "Other": 2, "White": 4}
    assert (result["changed"], result["to_positive"], result["to_negative"]) == (6, 4, 2)
    assert [row["label"] for row in result["by_group"]] == ["Asian or Pacific Islander", "Black", "Other", "White"]


def test_a_feature_the_model_lacks_is_not_computed():
    def refuse(frame):
        raise AssertionError("nothing should be predicted")

    result = flip_test(refuse, FRAME[["age", "sex"]], "race")
    assert result == {
        "feature": "race",
        "rows": 6,
        "changed": 0,
        "to_positive": 0,
        "to_negative": 0,
        "in_model": False,
        "by_group": [],
    }


def test_a_real_model_that_ignores_sex_changes_nothing(seed_split):
    # Sex is in the frame the model gets, but its encoder passes on only age, hours and race.
    columns = ["age", "hours_per_week", "race", "sex"]
    encode = ColumnTransformer(
        [("num", "passthrough", ["age", "hours_per_week"]), ("race", OneHotEncoder(handle_unknown="ignore"), ["race"])]
    )
    blind = Pipeline([("encode", encode), ("model", LogisticRegression())])
    blind.fit(seed_split.train[columns], seed_split.train["y"])
    rows = seed_split.test[columns]
    assert (blind.predict_proba(rows)[:, 1] >= 0.5).any()  # it does say ">50K" for some
    result = flip_test(lambda frame: blind.predict_proba(frame)[:, 1] >= 0.5, rows, "sex")
    assert result["in_model"] and result["rows"] == len(rows)
    assert result["changed"] == result["to_positive"] == result["to_negative"] == 0


def test_a_real_model_that_uses_sex_changes_some(seed_model, seed_split):
    rows = seed_split.test[list(seed_model.schema.names)]
    result = flip_test(lambda frame: seed_model.pipeline.predict_proba(frame)[:, 1] >= 0.5, rows, "sex")
    assert 0 < result["changed"] < len(rows)
    # The model's sex coefficient favours men, so swapping moves more men down than women up.
    assert result["to_negative"] > result["to_positive"] > 0
    assert result["changed"] == result["to_positive"] + result["to_negative"]


def test_every_changed_copy_is_asked_in_one_call():
    asked = []

    def white(frame):
        asked.append(len(frame))
        return (frame["race"] == "White").to_numpy()

    before = white(FRAME)
    result = flip_test(white, FRAME, "race", before=before)
    # Known decisions are not asked again; each of the four groups is asked, in the one call,
    # about the rows not in it: 5 + 4 + 5 + 4 of the six.
    assert asked == [6, 18]
    asked.clear()
    assert flip_test(white, FRAME, "race") == result and asked == [6, 18]


def test_the_seed_model_asked_once_answers_as_asked_group_by_group(seed_model, seed_split):
    rows = seed_split.test[list(seed_model.schema.names)].head(3_000)

    def predict_labels(frame):
        return seed_model.pipeline.predict_proba(frame)[:, 1] >= 0.5

    result = flip_test(predict_labels, rows, "race")
    before = predict_labels(rows)
    # The straightforward way: every row set to each group in turn, one prediction per group.
    changed = np.zeros(len(rows), dtype=bool)
    for entry in result["by_group"]:
        flipped = predict_labels(rows.assign(race=entry["group"])) != before
        assert entry["changed"] == flipped.sum()
        changed |= flipped
    assert result["changed"] == changed.sum() > 0
    assert (result["to_positive"], result["to_negative"]) == ((changed & ~before).sum(), (changed & before).sum())
