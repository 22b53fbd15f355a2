"""Check records against a schema, naming every bad field and what it allows.

What comes back to a caller is bounded, whatever the record: a record with far more fields
than the model takes is refused whole (one error, not one per unknown field), and an answer
lists at most MAX_PER_RECORD errors per record and MAX_PER_REQUEST in all, with the field
names it repeats cut to ECHO characters.
"""

import math

from .schema import CATEGORY, Schema

# A record may carry this many fields beyond the model's inputs and still have each one
# named: the full preset's 12 sent to the 7-input seed model, plus an id or two of the
# client's own, is a mistake worth explaining field by field; 800,000 keys is not.
EXTRA_FIELDS = 8
MAX_PER_RECORD = 20
MAX_PER_REQUEST = 100
ECHO = 64


class RecordError(ValueError):
    """One or more records failed validation; `errors` lists each problem, `shown()` the
    ones an answer repeats."""

    def __init__(self, errors: list[dict]):
        self.errors = errors
        # From the shown errors only: the message of 100,000 errors would be megabytes.
        super().__init__("; ".join(format_error(e) for e in self.shown()))

    def shown(self) -> list[dict]:
        """The first errors, at most MAX_PER_RECORD of each record (by `index`) and
        MAX_PER_REQUEST in all, field names cut to ECHO characters; then, if any were left
        out, one entry with the field "(more)" saying how many."""
        kept, per_record = [], {}
        for error in self.errors:
            if len(kept) == MAX_PER_REQUEST:
                break
            index = error.get("index")
            per_record[index] = per_record.get(index, 0) + 1
            if per_record[index] <= MAX_PER_RECORD:
                kept.append({**error, "field": echo(error["field"])})
        hidden = len(self.errors) - len(kept)
        if hidden:
            limits = f"an answer lists at most {MAX_PER_RECORD} per record and {MAX_PER_REQUEST} in all"
            kept.append({"field": "(more)", "message": f"and {hidden} more; {limits}"})
        return kept


def echo(text) -> str:
    """`text` as an answer may repeat it: at most ECHO characters, an ellipsis marking a cut."""
    text = str(text)
    return text if len(text) <= ECHO else text[: ECHO - 1] + "…"


def format_error(error: dict) -> str:
    where = f"record {error['index']}: " if "index" in error else ""
    return f"{where}{error['field']}: {error['message']}"


def allowed_words(feature) -> str:
    """What `feature` takes, in words that follow "must be", "is required; ..." or "Enter"
    ("one of: Female, Male", "a whole number from 17 to 90")."""
    if feature.kind == CATEGORY:
        return f"one of: {', '.join(feature.categories)}"
    return f"a whole number from {feature.minimum} to {feature.maximum}"


def _check_integer(feature, value) -> str | None:
    not_a_number = isinstance(value, bool) or not isinstance(value, int | float)
    if not_a_number or (isinstance(value, float) and not (math.isfinite(value) and value.is_integer())):
        return f"must be {allowed_words(feature)}"
    if not feature.minimum <= value <= feature.maximum:
        # Python will not write out an int of over 4,300 digits, and nobody would read it.
        shown = int(value) if abs(value) < 10**18 else ("a larger number" if value > 0 else "a smaller number")
        return f"must be between {feature.minimum} and {feature.maximum}; got {shown}"
    return None


def _check_category(feature, value) -> str | None:
    if value not in feature.categories:
        return f"must be {allowed_words(feature)}"
    return None


def validate(schema: Schema, record) -> list[dict]:
    """Field-level errors of one record (empty when it is valid). A record with more than
    EXTRA_FIELDS fields beyond the model's inputs gets one error, before any field is read."""
    if not isinstance(record, dict):
        return [{"field": "(record)", "message": "must be an object of feature values"}]
    names = ", ".join(schema.names)
    if len(record) > len(schema.names) + EXTRA_FIELDS:
        return [
            {"field": "(record)", "message": f"has {len(record)} fields; this model takes {len(schema.names)}: {names}"}
        ]
    # Unknown fields named in the order they were sent (a set's order changes from run to run).
    known = set(schema.names)
    unknown = [name for name in record if name not in known]
    errors = [{"field": str(name), "message": f"is not a feature of this model; allowed: {names}"} for name in unknown]
    for feature in schema.features:
        if record.get(feature.name) is None:
            # Missing or null alike: a caller who sent null needs to know what to send instead.
            errors.append({"field": feature.name, "message": f"is required; {allowed_words(feature)}"})
            continue
        check = _check_category if feature.kind == CATEGORY else _check_integer
        message = check(feature, record[feature.name])
        if message:
            errors.append({"field": feature.name, "message": message})
    return errors
