"""The tutorial's training, as the seed app did it: seven inputs, `pd.get_dummies`, a
`LogisticRegression`. The seed app fits with it when it starts, and bench/retrain.py times
it as the baseline for `manage.py retrain`. Standalone on purpose: the baseline must not
borrow the site's own code.

Run: python bench/seed/train.py [path to adult.data]
"""

import sys
from pathlib import Path

import pandas as pd
from sklearn.linear_model import LogisticRegression

DATA = Path(__file__).resolve().parents[2] / "data" / "adult.data"
COLUMNS = [
    *("age", "workclass", "fnlwgt", "education", "education_num", "marital_status", "occupation"),
    *("relationship", "race", "sex", "capital_gain", "capital_loss", "hours_per_week", "native_country", "income"),
]
INPUTS = ["age", "workclass", "education", "marital_status", "race", "sex", "hours_per_week"]


def fit(path=DATA):
    """The fitted model and the dummy columns a request's row must be given."""
    frame = pd.read_csv(path, names=COLUMNS, skipinitialspace=True)
    features = pd.get_dummies(frame[INPUTS])
    # liblinear fits in a second; lbfgs on these unscaled columns takes half a minute.
    model = LogisticRegression(solver="liblinear").fit(features, frame["income"] == ">50K")
    return model, features.columns


if __name__ == "__main__":
    fit(sys.argv[1] if len(sys.argv) > 1 else DATA)
