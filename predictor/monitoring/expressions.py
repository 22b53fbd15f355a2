"""The pieces of SQL the monitoring reads share: which predictions a range holds, their
day, their tenth of probability and how sure each was."""

from django.db.models import F, FloatField, Func, IntegerField, Q
from django.db.models.functions import TruncDate

BINS = 10  # the histogram's tenths of probability


def in_range(since, until, sources=None, prediction: str = "") -> Q:
    """The predictions made in [since, until) by one of `sources`; `prediction` is the path
    to the prediction from another model ("prediction__" for outcomes)."""
    q = Q()
    if since is not None:
        q &= Q(**{f"{prediction}created_at__gte": since})
    if until is not None:
        q &= Q(**{f"{prediction}created_at__lt": until})
    if sources is not None:
        q &= Q(**{f"{prediction}source__in": list(sources)})
    return q


class Day(TruncDate):
    """TruncDate, computed by SQLite itself when days are UTC days (the site's setting).
    Django's SQLite TruncDate calls a Python function per row, a second per 100,000 rows;
    SQLite's own date() of the UTC text it stores takes a tenth of that."""

    def as_sqlite(self, compiler, connection, **extra):
        if self.get_tzname() not in (None, "UTC"):
            return self.as_sql(compiler, connection)
        sql, params = compiler.compile(self.lhs)
        return f"date({sql})", params


# The constants below are written into the SQL rather than bound: SQLite evaluates a bound
# parameter afresh on every row, and a year's read took a fifth longer with them bound.


class Tenth(Func):
    """The prediction's tenth of probability, 0 to 9; a probability of exactly 1 is in the last."""

    # Floor's type differs by database (float on SQLite, numeric on PostgreSQL): the cast
    # gives both the same integer keys.
    template = f"CAST(LEAST(FLOOR(%(expressions)s * {BINS}), {BINS - 1}) AS integer)"
    output_field = IntegerField()

    def __init__(self):
        super().__init__(F("probability"))

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template=self.template.replace("LEAST", "MIN"), **extra)


class Confidence(Func):
    """max(p, 1 - p): its mean is the accuracy a calibrated model expects of itself."""

    template = "GREATEST(%(expressions)s, 1.0 - %(expressions)s)"
    output_field = FloatField()

    def __init__(self):
        super().__init__(F("probability"))

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="MAX(%(expressions)s, 1.0 - %(expressions)s)", **extra)
