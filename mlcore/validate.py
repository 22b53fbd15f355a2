"""Check records against a schema, naming every bad field and what it allows."""

import math

from .schema import CATEGORY, Schema


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
