"""The second baseline: the same tutorial app, written the way scikit-learn's own guides
would have it: a `Pipeline` of a `ColumnTransformer` (`OneHotEncoder` on the words, the
numbers passed through) and a `LogisticRegression`, `predict_proba` on a one-row DataFrame.

Whichever of the two seed apps is faster on the day is the one bench/form_post.py holds the
site against: a serving stack should beat the quickest plain way of doing the same job.
"""

import pandas as pd
from flask import Flask, render_template, request
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder
from train import COLUMNS, DATA, INPUTS

NUMBERS = ["age", "hours_per_week"]
WORDS = [name for name in INPUTS if name not in NUMBERS]


def fit() -> Pipeline:
    frame = pd.read_csv(DATA, names=COLUMNS, skipinitialspace=True)
    encode = ColumnTransformer([("words", OneHotEncoder(handle_unknown="ignore"), WORDS)], remainder="passthrough")
    model = Pipeline([("encode", encode), ("fit", LogisticRegression(solver="liblinear"))])
    return model.fit(frame[INPUTS], frame["income"] == ">50K")


model = fit()
app = Flask(__name__)


@app.get("/predict")
def predict():
    row = {name: request.args.get(name, "") for name in INPUTS}
    row["age"], row["hours_per_week"] = int(row["age"]), int(row["hours_per_week"])
    probability = model.predict_proba(pd.DataFrame([row]))[0, 1]
    return render_template("result.html", probability=round(probability * 100, 1))
