"""Aggregates of stored predictions for the staff dashboard, each one GROUP BY query.

The database counts; Python only receives one row per day and source or per bucket, so
the cost follows the number of groups, not of predictions. Ranges are half-open, [since,
until), as in predictor.monitoring, whose live_quality also counts each version's
predictions and the share it predicted over $50K (one pass over the rows, not two).
"""

from django.db.models import Count, F, IntegerField
from django.db.models.functions import Cast, Floor, Least, TruncDate

from .models import Prediction


class Day(TruncDate):
    """TruncDate, computed by SQLite itself when days are UTC days (the site's setting).
    Django's SQLite TruncDate calls a Python function per row, a second per 100,000 rows;
    SQLite's own date() of the UTC text it stores takes a tenth of that."""

    def as_sqlite(self, compiler, connection, **extra):
        if self.get_tzname() not in (None, "UTC"):
            return self.as_sql(compiler, connection)
        sql, params = compiler.compile(self.lhs)
        return f"date({sql})", params


def _in_range(since, until):
    return Prediction.objects.filter(created_at__gte=since, created_at__lt=until)


def predictions_per_day(*, since, until) -> list[dict]:
    """[{"day": date, "source": "web" | "api", "count": int}], by day then source; days and
    sources without predictions are left out. Days are in the site's time zone."""
    rows = _in_range(since, until).annotate(day=Day("created_at")).values("day", "source")
    return list(rows.annotate(count=Count("pk")).order_by("day", "source"))


def probability_histogram(*, since, until, bins: int = 10) -> list[int]:
    """How many predictions fall in each of `bins` equal-width probability buckets; a
    probability of exactly 1 counts in the last."""
    # Floor's type differs by database (float on SQLite, numeric on PostgreSQL): the cast
    # gives both the same integer keys.
    bucket = Cast(Least(Floor(F("probability") * bins), bins - 1), IntegerField())
    grouped = _in_range(since, until).values(bucket=bucket).annotate(n=Count("pk")).order_by("bucket")
    counts = [0] * bins
    for row in grouped:  # at most `bins` groups
        counts[row["bucket"]] = row["n"]
    return counts
