"""One read of a range's predictions for everything the dashboard counts: per day and
source, per tenth of probability, and per model version.

Three GROUP BY queries, one per figure, each read every row of the range: over a year of
100,000 predictions they were two thirds of the dashboard. Now the database reads the
range once. PostgreSQL groups it by (day, source), by version and by tenth in one pass of
hash tables and the groups are added up here; SQLite, which groups by sorting every row,
hands over one fixed-width record per prediction instead (records.py), unless days are not
UTC days, when it groups by (day, source, version, tenth) and the groups are added up.
Both read only the index on created_at, which carries every column counted. Ranges are
half-open, [since, until); `sources` is the prediction sources to count ("web", "api",
"batch"), None for every source.
"""

import math
from collections import Counter
from dataclasses import dataclass

from django.db import connections
from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from predictor.models import Prediction

from . import records
from .expressions import BINS, Confidence, Day, Tenth, in_range


@dataclass
class Version:
    """One model version's predictions in the range."""

    predictions: int
    over: int  # of them, those that said over $50K
    confidence: float  # the sum of max(p, 1 - p) over them

    @property
    def expected(self) -> float:
        """The accuracy it expects of itself: the mean of max(p, 1 - p)."""
        return self.confidence / self.predictions


@dataclass
class Traffic:
    per_day: Counter  # (day, source) -> predictions; days in the site's time zone
    histogram: list[int]  # predictions per tenth of probability
    versions: dict[int, Version]  # model version id -> its predictions


def _groups(rows: QuerySet) -> QuerySet:
    """The range grouped by (day, source, version, tenth), with each group's predictions,
    those that said over $50K and its sum of max(p, 1 - p)."""
    return rows.values_list(Day("created_at"), "source", "model_version", Tenth()).annotate(
        n=Count("pk"), over=Count("pk", filter=Q(label=True)), confidence=Sum(Confidence())
    )


def _add_up(groups) -> tuple[Counter, list[int], dict[int, tuple[int, int, float]]]:
    """Groups' counts added up per (day, source), per tenth and per version. A group whose
    day, version or tenth is None (a grouping set's) counts only where its keys are."""
    per_day, histogram, versions, sums = Counter(), [0] * BINS, {}, {}
    for day, source, version_id, bucket, n, over, total in groups:
        if day is not None:
            per_day[day, source] += n
        if bucket is not None:
            histogram[bucket] += n
        if version_id is not None:
            predictions, said_over = versions.get(version_id, (0, 0))
            versions[version_id] = (predictions + n, said_over + over)
            sums.setdefault(version_id, []).append(total)
    # fsum: the groups' sums added without a rounding error of their own.
    return per_day, histogram, {v: (*counts, math.fsum(sums[v])) for v, counts in versions.items()}


def _grouping_sets(rows: QuerySet) -> list[tuple]:
    """PostgreSQL: the same read, grouped by (day, source), by version and by tenth at once
    (GROUPING SETS, which Django cannot write): a year comes back as 740 groups instead of
    7,000, which took Django and the loop above longer than the database took to read them."""
    sql, params = _groups(rows).query.sql_with_params()
    # The select list is day, source, version, tenth, then the sums.
    sql = sql.rpartition(" GROUP BY ")[0] + " GROUP BY GROUPING SETS ((1, 2), (3), (4))"
    with connections[rows.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def traffic(*, since, until, sources=None) -> Traffic:
    """The predictions made in [since, until) by `sources`, counted per day and source, per
    tenth and per model version."""
    rows = Prediction.objects.filter(in_range(since, until, sources)).order_by()
    vendor = connections[rows.db].vendor
    if vendor == "sqlite" and timezone.get_current_timezone_name() == "UTC":
        per_day, histogram, versions = records.read(rows)
    else:
        per_day, histogram, versions = _add_up(_grouping_sets(rows) if vendor == "postgresql" else _groups(rows))
    return Traffic(
        per_day=per_day,
        histogram=histogram,
        versions={version_id: Version(*figures) for version_id, figures in versions.items()},
    )
