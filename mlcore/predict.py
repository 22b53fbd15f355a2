"""Validate records against a schema and predict P(income > $50K)."""

import math
from dataclasses import dataclass, field

import pandas as pd

from .schema import CATEGORY, Schema
from .scorer import Scorer, compile_scorer

THRESHOLD = 0.5


class RecordError(ValueError):
    """One or more records failed validation; `errors` lists each problem."""

    def __init__(self, errors: list[dict]):
        self.errors = errors
        super().__init__("; ".join(format_error(e) for e in errors))


def format_error(error: dict) -> str:
    where = f"record {error['index']}: " if "index" in error else ""
    return f"{where}{error['field']}: {error['message']}"


def _check_integer(feature, value) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return f"must be a whole number from {feature.minimum} to {feature.maximum}"
    if isinstance(value, float) and (not math.isfinite(value) or not value.is_integer()):
        return f"must be a whole number from {feature.minimum} to {feature.maximum}"
    if not feature.minimum <= value <= feature.maximum:
        # Python will not write out an int of over 4,300 digits, and nobody would read it.
        shown = int(value) if abs(value) < 10**18 else ("a larger number" if value > 0 else "a smaller number")
        return f"must be between {feature.minimum} and {feature.maximum}; got {shown}"
    return None


def _check_category(feature, value) -> str | None:
    if value not in feature.categories:
        return f"must be one of: {', '.join(feature.categories)}"
    return None


def validate(schema: Schema, record) -> list[dict]:
    """Field-level errors of one record (empty when it is valid)."""
    if not isinstance(record, dict):
        return [{"field": "(record)", "message": "must be an object of feature values"}]
    errors = []
    for name in record.keys() - set(schema.names):
        errors.append(
            {"field": str(name), "message": f"is not a feature of this model; allowed: {', '.join(schema.names)}"}
        )
    for feature in schema.features:
        if record.get(feature.name) is None:
            errors.append({"field": feature.name, "message": "is required"})
            continue
        check = _check_category if feature.kind == CATEGORY else _check_integer
        message = check(feature, record[feature.name])
        if message:
            errors.append({"field": feature.name, "message": message})
    return errors


@dataclass
class Predictor:
    """A fitted pipeline and its schema. A logistic pipeline is scored by a Scorer compiled
    from its weights here, when the model is loaded (exact to the pipeline, without pandas
    or scikit-learn per call); any other pipeline is asked directly."""

    pipeline: object
    schema: Schema
    scorer: Scorer | None = field(init=False, repr=False)

    def __post_init__(self):
        self.scorer = compile_scorer(self.pipeline, self.schema)
        # (name, allowed categories or None, minimum, maximum): the quick check of `_clean_fast`.
        self._rules = tuple(
            (f.name, frozenset(f.categories) if f.kind == CATEGORY else None, f.minimum, f.maximum)
            for f in self.schema.features
        )

    def _clean_fast(self, record) -> dict | None:
        """The cleaned record when it is plainly valid (exact keys, listed categories, int
        numbers in range); None sends it to `validate`, which also explains what is wrong."""
        if type(record) is not dict or len(record) != len(self._rules):
            return None
        row = {}
        try:
            for name, allowed, low, high in self._rules:
                value = record[name]
                if allowed is None:
                    if type(value) is not int or not low <= value <= high:
                        return None
                elif value not in allowed:
                    return None
                row[name] = value
        except (KeyError, TypeError):  # a missing key, or an unhashable value such as a list
            return None
        return row

    def clean_many(self, records: list) -> list[dict]:
        """Every record cleaned (see `cleaned`), or RecordError listing every bad field of
        every record, by index."""
        rows, errors = [], []
        for index, record in enumerate(records):
            row = self._clean_fast(record)
            if row is None:
                problems = validate(self.schema, record)
                if problems:
                    errors += [{"index": index, **e} for e in problems]
                    continue
                row = self.cleaned(record)
            rows.append(row)
        if errors:
            raise RecordError(errors)
        return rows

    def probabilities(self, rows: list[dict]) -> list[float]:
        """P(>50K) for records that `clean_many` returned, in order."""
        if not rows:
            return []
        if self.scorer is None:
            frame = pd.DataFrame.from_records(rows, columns=list(self.schema.names))
            return self.pipeline.predict_proba(frame)[:, 1].tolist()
        if len(rows) == 1:  # a page's one person: no array to build
            return [self.scorer.score_one(rows[0])]
        return self.scorer.score_many(rows).tolist()

    def predict_cleaned(self, rows: list[dict]) -> tuple[list[float], list[bool]]:
        """(probabilities, labels) for records that `clean_many` returned, in order."""
        probabilities = self.probabilities(rows)
        return probabilities, [p >= THRESHOLD for p in probabilities]

    def predict_many(self, records: list[dict]) -> list[dict]:
        """Probabilities and labels for valid records, in order; RecordError otherwise."""
        probabilities, labels = self.predict_cleaned(self.clean_many(records))
        return [{"probability": p, "label": label} for p, label in zip(probabilities, labels, strict=True)]

    def cleaned(self, record: dict) -> dict:
        """A valid record in schema order, numbers as int (JSON's 39.0 is the person's 39)."""
        return {f.name: record[f.name] if f.kind == CATEGORY else int(record[f.name]) for f in self.schema.features}

    def predict_one(self, record: dict) -> dict:
        errors = validate(self.schema, record)
        if errors:
            raise RecordError(errors)
        return self.predict_many([record])[0]
