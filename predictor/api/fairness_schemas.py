"""The model card's fairness part, as GET /api/v1/model answers it: per-group rates with
their intervals, the gaps in words, and the flip tests (mlcore/fairness.py, mlcore/flips.py).
A rate that cannot be estimated (a group too small) is null; rates are fractions from 0 to 1.
"""

from typing import Literal

from ninja import Field, Schema

Number = float | None


class RateOut(Schema):
    value: Number
    low: Number
    high: Number


class GroupOut(Schema):
    group: str
    label: str
    n: int = Field(ge=0)
    positives: int = Field(ge=0)
    selection_rate: RateOut
    tpr: RateOut
    fpr: RateOut
    too_small: bool


class GapsOut(Schema):
    demographic_parity_difference: Number
    demographic_parity_ratio: Number
    equalized_odds_difference: Number
    words: str


class FlipGroupOut(Schema):
    group: str
    label: str
    changed: int


class FlipOut(Schema):
    feature: str
    rows: int
    changed: int
    to_positive: int
    to_negative: int
    in_model: bool
    by_group: list[FlipGroupOut] | None = None


class FairnessOut(Schema):
    sex: list[GroupOut]
    race: list[GroupOut]
    summary: dict[Literal["sex", "race"], GapsOut]
    flip: dict[Literal["sex", "race"], FlipOut]
