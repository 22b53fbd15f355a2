"""The baseline: a tutorial-style Flask app, built the way the app censussite grew out of.

Seven inputs, `pd.get_dummies`, a `LogisticRegression` (train.py) and `predict_proba` on a
one-row DataFrame per request, answered with a small template. Nothing is validated beyond
a type cast and nothing is stored: it is the floor a serving stack is compared against,
not a product. bench/form_post.py runs it under gunicorn from bench/seed/.venv.
"""

import pandas as pd
from flask import Flask, make_response, render_template, request
from flask_restful import Api, Resource
from train import INPUTS, fit

model, dummy_columns = fit()
app = Flask(__name__)
api = Api(app)


class Predict(Resource):
    def get(self):
        row = {name: request.args.get(name, "") for name in INPUTS}
        row["age"], row["hours_per_week"] = int(row["age"]), int(row["hours_per_week"])
        features = pd.get_dummies(pd.DataFrame([row])).reindex(columns=dummy_columns, fill_value=0)
        probability = model.predict_proba(features)[0, 1]
        html = render_template("result.html", probability=round(probability * 100, 1))
        return make_response(html, 200, {"Content-Type": "text/html"})


api.add_resource(Predict, "/predict")
