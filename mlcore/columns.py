"""A logistic model's answers for many records as JSON text, put together from pieces.

A logistic model's explanation of a record is one contribution per input, and each depends
on that input's value alone (explain.py). Every input takes few values (a category, or a
whole number in a short range), so every piece of text a record's row or answer holds can
be written once per model, value by value: the input as stored (`"age":39`), its
contribution as stored, and its entry in the answer. A batch is then joined from those
pieces column by column, in C, instead of building and serialising a dict per input of
every record: for 10,000 records that was most of the Python time of an API batch, and
the 80,000 short-lived dicts woke the garbage collector.

The figures are `Explainer.contribution`'s, which `explain` and `explain_many` give to the bit.
"""

import json
from operator import itemgetter

from .explain import Explainer
from .schema import CATEGORY, Schema, in_schema_order


def _dumps(value) -> str:
    # Compact, as the stored rows and the answers are written (orjson's separators).
    return json.dumps(value, separators=(",", ":"), allow_nan=False)


class ExplainedText:
    """Text pieces of one logistic model, by input and value; see the module's docstring."""

    def __init__(self, schema: Schema, explainer: Explainer):
        self.names = list(schema.names)  # the order of `explain`'s contributions
        # The stored array's order: in_schema_order's, the order `expand` reads it back in.
        self.stored_order = list(in_schema_order(dict.fromkeys(self.names)))
        self.base = _dumps(explainer.base)
        self.numbers = {f.name for f in schema.features if f.kind != CATEGORY}
        self.inputs, self.stored, self.answered = {}, {}, {}
        for feature in schema.features:
            values = feature.categories if feature.kind == CATEGORY else range(feature.minimum, feature.maximum + 1)
            name = feature.name
            contributions = {value: explainer.contribution(name, value) for value in values}
            self.inputs[name] = {v: f"{_dumps(name)}:{_dumps(v)}" for v in contributions}
            self.stored[name] = {v: _dumps(c) for v, c in contributions.items()}
            self.answered[name] = {
                v: _dumps({"feature": name, "value": v, "contribution": c}) for v, c in contributions.items()
            }

    def columns(self, records: list) -> dict[str, list] | None:
        """The records' values column by column, when every record is plainly valid (a dict
        of exactly the model's inputs, listed categories, int numbers in range: what
        Predictor.clean_many would pass unchanged); None when any is not, and
        `clean_many` then names each problem."""
        if set(map(type, records)) != {dict} or set(map(len, records)) != {len(self.names)}:
            return None
        columns = {}
        try:
            for name in self.names:
                column = list(map(itemgetter(name), records))
                # 39.0 and True are keys 39 and 1 of a dict too: numbers must be ints alone.
                if name in self.numbers and set(map(type, column)) != {int}:
                    return None
                if not all(map(self.inputs[name].__contains__, column)):
                    return None
                columns[name] = column
        except (KeyError, TypeError):  # a missing input, or an unhashable value such as a list
            return None
        return columns

    def _pieces(self, table: dict, names: list[str], columns: dict[str, list]):
        return zip(*(map(table[name].__getitem__, columns[name]) for name in names), strict=True)

    def inputs_json(self, columns: dict[str, list]) -> list[str]:
        """Each record's inputs as stored: a JSON object in the schema's order."""
        return [f"{{{row}}}" for row in map(",".join, self._pieces(self.inputs, self.names, columns))]

    def stored_json(self, columns: dict[str, list]) -> list[str]:
        """Each record's explanation in its stored form, `[base, contribution, ...]`
        as JSON text: the contributions in the schema's order, the order `expand` reads them back in."""
        rows = map(",".join, self._pieces(self.stored, self.stored_order, columns))
        return [f"[{self.base},{row}]" for row in rows]

    def answered_json(self, columns: dict[str, list]) -> list[str]:
        """Each record's explanation as answered (`expand`'s shape), as JSON text."""
        head, tail = f'{{"base":{self.base},"contributions":[', '],"method":"linear"}'
        return [f"{head}{row}{tail}" for row in map(",".join, self._pieces(self.answered, self.names, columns))]
