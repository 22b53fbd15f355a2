"""What the pages show beside the figures, as template data: a result's reasons and what
would change it, and a model card's inputs and missing values. Numbers come from mlcore;
the drawing is the templates' and their tags' (templatetags/)."""

import mlcore


def explanation_context(explanation: dict | None, inputs: dict, predictor=None, *, label: bool | None = None) -> dict:
    """Template context for a prediction's explanation in its full form (mlcore.expand's);
    empty when it has none.

    `predictor` is the model that made the prediction, when it is still the one loaded:
    the changes that would carry the answer (`label`) across the threshold are worked out
    with it, and when there are none, `changes_none` says so. Without it neither is shown.
    """
    if not explanation:
        return {}
    context = {
        "reasons": mlcore.reasons(explanation),
        "average_percent": str(round(100 * mlcore.average_chance(explanation))),
        "changes": [],
    }
    if predictor is not None:
        context["changes"] = predictor.what_would_change(inputs)
        if not context["changes"] and label is not None:
            context["changes_none"] = mlcore.no_change_words(predictor.schema, above=label)
    return context


def _missing_rows(card: dict) -> list[tuple[str, int, int]]:
    """(input's label, missing in training, missing in test), in the schema's order."""
    missing = card["training"]["missing"]
    train, test = missing.get("train", {}), missing.get("test", {})
    names = [name for name in mlcore.FEATURES if name in train or name in test]
    return [(mlcore.feature_label(name), train.get(name, 0), test.get(name, 0)) for name in names]


def card_context(card: dict) -> dict:
    """Template context for a stored model card's inputs and their missing values; empty
    for a version trained before cards existed."""
    if not card:
        return {}
    inputs = [mlcore.feature_label(name) for name in card["training"]["features"]]
    return {"missing": _missing_rows(card), "inputs": inputs}
