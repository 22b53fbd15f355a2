"""Validate records against a schema and predict P(income > $50K)."""

import math
from dataclasses import dataclass

import pandas as pd

from .schema import CATEGORY, Schema

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
    pipeline: object
    schema: Schema

    def validate_many(self, records: list) -> None:
        """Raise RecordError listing every bad field of every record, by index."""
        errors = []
        for index, record in enumerate(records):
            errors += [{"index": index, **e} for e in validate(self.schema, record)]
        if errors:
            raise RecordError(errors)

    def predict_many(self, records: list[dict]) -> list[dict]:
        """Probabilities and labels for valid records, in order."""
        self.validate_many(records)
        if not records:
            return []
        frame = pd.DataFrame.from_records(records, columns=list(self.schema.names))
        probabilities = self.pipeline.predict_proba(frame)[:, 1]
        return [{"probability": float(p), "label": bool(p >= THRESHOLD)} for p in probabilities]

    def cleaned(self, record: dict) -> dict:
        """A valid record in schema order, numbers as int (JSON's 39.0 is the person's 39)."""
        return {f.name: record[f.name] if f.kind == CATEGORY else int(record[f.name]) for f in self.schema.features}

    def predict_one(self, record: dict) -> dict:
        errors = validate(self.schema, record)
        if errors:
            raise RecordError(errors)
        return self.predict_many([record])[0]
