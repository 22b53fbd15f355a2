"""How the admin shows stored values to a person: inputs, answers and figures in words, and
small tables in place of raw JSON; and the notice, on the pages staff read, that no model
answers. Every value is escaped by format_html on its way out."""

from django.contrib import messages
from django.urls import reverse
from django.utils.html import format_html, format_html_join

import mlcore

from ..registry import ModelUnavailable, active_model

# The stored answer, said the way the form page says it (the census writes ">50K" and "<=50K").
OVER, AT_MOST = "over $50K", "$50K or less"

# The metrics `manage.py retrain` stores with each version, in the order a reader wants them.
METRIC_LABELS = {
    "roc_auc": "ROC AUC",
    "accuracy": "Accuracy",
    "log_loss": "Log loss",
    "brier": "Brier score",
    "base_rate": "Share over $50K in the test rows",
    "rows_train": "Training rows",
    "rows_test": "Test rows",
}


def income_words(over: bool) -> str:
    return OVER if over else AT_MOST


def answer(name: str, value) -> str:
    """One stored input in words ("Married", "Age 39", "40 hours a week"); an input no
    feature declares any more (an old row's) is shown as it was stored."""
    if name not in mlcore.FEATURES:
        return f"{name}: {value}"
    if mlcore.FEATURES[name].kind == mlcore.CATEGORY:
        return mlcore.category_label(name, str(value))
    if isinstance(value, int) and not isinstance(value, bool):
        return mlcore.answer_words(name, value)
    return f"{mlcore.feature_label(name)} {value}"  # the words want a whole number; show what was stored


def inputs_in_words(inputs: dict) -> str:
    """A person's inputs as one line: "Age 39, State government, Bachelor's degree, ..."."""
    return ", ".join(answer(name, value) for name, value in mlcore.in_schema_order(inputs).items())


def inputs_labelled(inputs: dict) -> list[tuple[str, str]]:
    """(question, answer) pairs: ("Employer type", "State government"), ("Age", "39")."""
    pairs = []
    for name, value in mlcore.in_schema_order(inputs).items():
        if name in mlcore.FEATURES and mlcore.FEATURES[name].kind == mlcore.CATEGORY:
            value = mlcore.category_label(name, str(value))
        pairs.append((mlcore.feature_label(name), str(value)))
    return pairs


def one_line(text: str, full: str):
    """`text` kept to one line by admin.css (cut with an ellipsis), `full` on hover."""
    return format_html('<span class="one-line" title="{}">{}</span>', full, text)


def small_table(rows, caption: str = ""):
    """A two-column table of (heading, value) rows, escaped."""
    body = format_html_join("", '<tr><th scope="row">{}</th><td>{}</td></tr>', rows)
    if caption:
        return format_html('<table class="small-table"><caption>{}</caption>{}</table>', caption, body)
    return format_html('<table class="small-table">{}</table>', body)


def metric_value(value) -> str:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    return f"{value:,}" if isinstance(value, int) else f"{value:.4f}"


def metrics_table(metrics: dict):
    """A version's metrics, known ones first in METRIC_LABELS' order, any others after."""
    known = [(METRIC_LABELS[k], metric_value(metrics[k])) for k in METRIC_LABELS if k in metrics]
    others = [(k.replace("_", " ").capitalize(), metric_value(v)) for k, v in metrics.items() if k not in METRIC_LABELS]
    return small_table(known + others) if metrics else "None stored."


def warn_when_no_model_answers(request) -> None:
    """On a staff page read (not after an action), say that no model answers and where to fix it."""
    if request.method != "GET":
        return
    try:
        active_model()
    except ModelUnavailable as error:
        versions = reverse("admin:predictor_modelversion_changelist")
        link = format_html('<a href="{}">Activate another model version</a> that loads.', versions)
        messages.warning(request, format_html("{} {}", error, link))
