"""Hypothesis strategies shared by the property tests of mlcore, the form and the API, so
every layer is tried with the same idea of "any JSON value"."""

from dataclasses import dataclass

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

import mlcore
from mlcore.schema import CATEGORY


def property_settings(max_examples: int) -> settings:
    # Derandomized like the schemathesis test, so a run in CI cannot flake; examples that
    # found bugs are pinned with @example instead of kept in a local database. Fixtures
    # (client, db, the active model) are meant to be shared by every example of a test.
    return settings(
        max_examples=max_examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


SEED = mlcore.PRESETS["seed"]  # the features of the model the `predictor` fixture loads
OTHERS = tuple(name for name in mlcore.FEATURES if name not in SEED)  # real features, extra to it


@dataclass(frozen=True)
class Allowed:
    """Stands for an allowed value of a field, picked once the model's schema is known:
    the n-th category, or the n-th whole number of the range (as a float when asked, the
    way JSON may carry it). Negative n counts from the top, so both ends come up."""

    n: int
    as_float: bool = False

    def value(self, feature: mlcore.Feature) -> str | int | float:
        if feature.kind == CATEGORY:
            return feature.categories[self.n % len(feature.categories)]
        number = feature.minimum + self.n % (feature.maximum - feature.minimum + 1)
        return float(number) if self.as_float else number


def resolve(schema: mlcore.Schema, record):
    """The record with each Allowed replaced by its value (a plain number off the schema)."""
    if not isinstance(record, dict):
        return record
    return {
        name: (value.value(schema[name]) if name in schema.names else value.n) if isinstance(value, Allowed) else value
        for name, value in record.items()
    }


allowed = st.builds(Allowed, st.integers(), st.booleans())
# Past the 4,300 digits Python will turn into text, and around the limits of int64 and float.
# (Built by a function: hypothesis cannot even print a constant that long.)
digits = st.sampled_from([19, 309, 4_300, 4_301]) | st.integers(min_value=18, max_value=5_000)
huge_ints = st.builds(lambda sign, n: sign * 10 ** (n - 1), st.sampled_from([1, -1]), digits) | st.sampled_from(
    [2**63, -(2**63) - 1, 2**1024]
)
numbers = st.integers() | huge_ints | st.floats()  # floats with nan, inf, -inf and -0.0
scalars = st.one_of(
    st.none(),
    st.booleans(),
    numbers,
    st.text(),  # any unicode but lone surrogates, which JSON text cannot carry
    st.sampled_from(["", " ", "39", "Private", " Private", "private", "Male\x00", "?"]),
)
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)
field_values = allowed | json_values


@st.composite
def near_misses(draw) -> dict:
    """A valid record with a few fields changed, left out or added, or none: so both
    outcomes come up, and the errors are the few a real client makes."""
    record = {name: draw(allowed) for name in SEED}
    for name in draw(st.sets(st.sampled_from(SEED), max_size=2)):
        record[name] = draw(json_values)
    for name in draw(st.sets(st.sampled_from(SEED), max_size=2)):
        del record[name]
    extra = st.dictionaries(st.sampled_from(OTHERS) | st.text(max_size=12), field_values, max_size=2)
    return record | draw(extra)


# Any subset of the real feature names, so fields go missing and other models' fields appear.
partial_records = st.dictionaries(st.sampled_from(SEED + OTHERS), field_values)
records = near_misses() | partial_records | json_values
valid_records = st.fixed_dictionaries(dict.fromkeys(SEED, allowed))
