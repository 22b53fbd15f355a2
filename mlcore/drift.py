"""Input drift: how far recent inputs have moved from the inputs a model was trained on.

At retrain, `profile` records each input's distribution over the training rows: every
category's share, and each number's shares over fixed bins. `compare` measures recent
inputs against it, per input, with the population stability index (the conventional bands:
under 0.1 stable, 0.1 to 0.25 watch, over 0.25 act) and the Jensen-Shannon distance, which
unlike a significance test does not flag every tiny change once samples are large.
"""

import math
from collections import Counter

import numpy as np
from scipy.spatial.distance import jensenshannon

from .schema import CATEGORY, Schema, in_schema_order

BINS = 10  # equal-width bins over each number's training range; values outside go to the ends
MIN_ROWS = 200  # fewer recent rows than this say too little to judge
FLOOR = 1e-4  # a share of zero would make the index infinite; floored as is customary
BANDS = ((0.1, "stable"), (0.25, "watch"), (math.inf, "act"))


def _edges(low: int, high: int) -> list[float]:
    return np.linspace(low, high, BINS + 1).tolist() if high > low else [low, low + 1]


def _number_shares(counts: dict, edges: list[float]) -> list[float]:
    values = np.clip(np.asarray(list(counts), dtype=float), edges[0], edges[-1])
    binned, _ = np.histogram(values, bins=edges, weights=np.asarray(list(counts.values()), dtype=float))
    return (binned / max(sum(counts.values()), 1)).tolist()


def _category_shares(counts: dict, codes) -> list[float]:
    total = max(sum(counts.values()), 1)
    # Codes the training data never had are counted as one extra share, so they show as drift.
    unknown = total - sum(counts.get(code, 0) for code in codes)
    return [counts.get(code, 0) / total for code in codes] + [unknown / total]


def value_counts(records: list[dict], names) -> dict[str, dict]:
    """{feature: {value: count}} of records: what `compare` reads (the web layer counts in SQL)."""
    return {name: dict(Counter(record.get(name) for record in records)) for name in names}


def profile(frame, schema: Schema) -> dict:
    """Each input's training distribution, JSON-ready, to store with the model version."""
    features = {}
    for feature in schema.features:
        counts = frame[feature.name].value_counts().to_dict()
        if feature.kind == CATEGORY:
            codes = list(feature.categories)
            features[feature.name] = {"codes": codes, "shares": _category_shares(counts, codes)}
        else:
            edges = _edges(feature.minimum, feature.maximum)
            features[feature.name] = {"edges": edges, "shares": _number_shares(counts, edges)}
    return {"rows": int(len(frame)), "features": features}


def band(psi: float) -> str:
    """'stable', 'watch' or 'act' for a population stability index."""
    return next(name for limit, name in BANDS if psi < limit)


def _measure(expected: list[float], actual: list[float]) -> tuple[float, float]:
    e = np.maximum(np.asarray(expected), FLOOR)
    a = np.maximum(np.asarray(actual), FLOOR)
    psi = float(np.sum((a - e) * np.log(a / e)))
    return psi, float(jensenshannon(e, a, base=2))


def compare(stored: dict, counts: dict[str, dict], rows: int) -> list[dict]:
    """Per input of the profile: {"feature", "psi", "js", "band"}, for recent inputs given
    as {feature: {value: count}} over `rows` rows. With fewer than MIN_ROWS rows every
    figure is None: too few to say. Inputs come in the schema's order."""
    out = []
    for name, reference in in_schema_order(stored["features"]).items():
        entry = {"feature": name, "psi": None, "js": None, "band": None}
        if rows >= MIN_ROWS:
            found = {key: n for key, n in counts.get(name, {}).items() if key is not None}
            if "codes" in reference:
                actual = _category_shares(found, reference["codes"])
            else:
                actual = _number_shares(found, reference["edges"]) if found else [0.0] * len(reference["shares"])
            psi, js = _measure(reference["shares"], actual)
            entry.update(psi=round(psi, 6), js=round(js, 6), band=band(psi))
        out.append(entry)
    return out


def log_odds_shift(explainer, counts: dict[str, dict], rows: int) -> dict[str, float] | None:
    """For a logistic model, how far each input moved the average predicted log-odds.

    Exact: a contribution is measured from the training data's average person, so over the
    training rows each averages to zero, and its average over the recent rows (one
    contribution per distinct value, weighted by its count) is that input's share of the
    change. None with fewer than MIN_ROWS rows or no explainer.
    """
    if explainer is None or rows < MIN_ROWS:
        return None
    shift = {}
    for name in explainer.names:
        found = {value: n for value, n in counts.get(name, {}).items() if value is not None}
        shift[name] = round(sum(explainer.contribution(name, value) * n for value, n in found.items()) / rows, 6)
    return shift
