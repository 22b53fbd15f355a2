"""The one declaration of every input feature the models can use, and of the words around
them: the decision threshold, the label words and the order inputs are shown in.

What a feature *is* (its name, kind, label and help) is declared here once. What values it
*allows* (categories, numeric range) is read from the training data by `Schema.from_frame`
and travels inside every model artifact, so the form, the API and the admin all ask the
active model's schema instead of keeping lists of their own.
"""

import math
from dataclasses import dataclass, field, replace

CATEGORY = "category"
INTEGER = "integer"
# A census answer left blank (`?` in the UCI files) is an answer of its own, not a reason to
# drop the row: the people who left it blank are part of the population the model describes.
NOT_STATED = "Not-stated"

# A probability at or above THRESHOLD is answered ">50K": the site, the card and the live
# figures all decide here, so their accuracies measure the same answers.
THRESHOLD = 0.5
# The label words as the UCI files write them (adult.test adds a full stop, which the loader drops).
POSITIVE, NEGATIVE = ">50K", "<=50K"


@dataclass(frozen=True)
class Feature:
    name: str
    kind: str
    label: str
    help: str
    categories: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int | None = None
    default: str | int | None = None  # the training data's most common value (median for numbers)
    # The middle 95% of the training data (numbers only): the values a person could
    # plausibly move to. None in schemas stored before it was kept; see `plausible_range`.
    plausible_minimum: int | None = None
    plausible_maximum: int | None = None

    def plausible_range(self) -> tuple[int, int]:
        """(lowest, highest) value a person could plausibly have: the middle 95% of the
        training data, or the whole allowed range for a model trained before it was kept."""
        low = self.minimum if self.plausible_minimum is None else self.plausible_minimum
        high = self.maximum if self.plausible_maximum is None else self.plausible_maximum
        return low, high

    def as_dict(self) -> dict:
        data = {"name": self.name, "kind": self.kind, "label": self.label, "help": self.help, "default": self.default}
        if self.kind == CATEGORY:
            data["categories"] = list(self.categories)
        else:
            data["minimum"], data["maximum"] = self.minimum, self.maximum
            data["plausible_minimum"], data["plausible_maximum"] = self.plausible_minimum, self.plausible_maximum
        return data


FEATURES = {
    f.name: f
    for f in [
        Feature("age", INTEGER, "Age", "Age in whole years."),
        Feature("workclass", CATEGORY, "Employer type", "Who the person works for."),
        Feature("education", CATEGORY, "Education", "Highest level of education reached."),
        Feature("marital_status", CATEGORY, "Marital status", "Current marital status."),
        Feature("occupation", CATEGORY, "Occupation", "Kind of work done."),
        Feature("relationship", CATEGORY, "Role in household", "Relationship to the household head."),
        Feature("race", CATEGORY, "Race", "Race as recorded by the 1994 census."),
        Feature("sex", CATEGORY, "Sex", "Sex as recorded by the 1994 census."),
        Feature("capital_gain", INTEGER, "Capital gain", "Capital gains in the year, in dollars."),
        Feature("capital_loss", INTEGER, "Capital loss", "Capital losses in the year, in dollars."),
        Feature("hours_per_week", INTEGER, "Hours per week", "Usual hours worked per week."),
        Feature("native_country", CATEGORY, "Country of birth", "Country the person was born in."),
    ]
}


# The share of training values left out at each end of a number's plausible range.
PLAUSIBLE_TAIL = 0.025

SEED = ("age", "workclass", "education", "marital_status", "race", "sex", "hours_per_week")
PRESETS = {"seed": SEED, "full": tuple(FEATURES)}


def in_schema_order(values: dict) -> dict:
    """`values` with its keys in FEATURES' order, unknown keys last (in the order given).

    Stored JSON objects keyed by input (inputs, contributions, drift profiles) come back
    from PostgreSQL's jsonb in a key order of its own; people read them in this one, the
    order of the form and of GET /api/v1/model.
    """
    order = {name: i for i, name in enumerate(FEATURES)}
    return dict(sorted(values.items(), key=lambda item: order.get(item[0], len(order))))


def label_text(label: bool) -> str:
    """The census's own words for an answer: POSITIVE (">50K") or NEGATIVE ("<=50K")."""
    return POSITIVE if label else NEGATIVE


def resolve_features(spec: str) -> tuple[str, ...]:
    """Turn `seed`, `full` or a comma-separated list of names into feature names."""
    if spec in PRESETS:
        return PRESETS[spec]
    names = tuple(name.strip() for name in spec.split(",") if name.strip())
    unknown = [name for name in names if name not in FEATURES]
    if unknown or not names:
        allowed = ", ".join([*PRESETS, *FEATURES])
        raise ValueError(f"unknown feature(s) {', '.join(unknown) or '(none given)'}; allowed: {allowed}")
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise ValueError(f"feature(s) named more than once: {', '.join(repeated)}")
    return names


@dataclass(frozen=True)
class Schema:
    features: tuple[Feature, ...] = field(default_factory=tuple)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.features)

    def __getitem__(self, name: str) -> Feature:
        return {f.name: f for f in self.features}[name]  # a KeyError naming it when absent

    @classmethod
    def from_frame(cls, frame, names) -> "Schema":
        """Read each feature's allowed categories or range from training rows."""
        features = []
        for name in names:
            base, column = FEATURES[name], frame[name]
            if base.kind == CATEGORY:
                categories = tuple(sorted(column.unique()))
                features.append(replace(base, categories=categories, default=str(column.mode().iloc[0])))
            else:
                usual = column.quantile([PLAUSIBLE_TAIL, 1 - PLAUSIBLE_TAIL])
                # The whole values inside the middle 95%: 12 to 66 hours a week in the UCI file.
                low, high = math.ceil(usual.iloc[0]), math.floor(usual.iloc[1])
                extremes = {"minimum": int(column.min()), "maximum": int(column.max())}
                plausible = {"plausible_minimum": low, "plausible_maximum": high}
                features.append(replace(base, **extremes, **plausible, default=int(column.median())))
        return cls(tuple(features))

    def as_dict(self) -> dict:
        return {"features": [f.as_dict() for f in self.features]}

    @classmethod
    def from_dict(cls, data: dict) -> "Schema":
        items = data["features"]
        return cls(tuple(Feature(**{**item, "categories": tuple(item.get("categories", ()))}) for item in items))
