"""What the database holds after a soak, read with the plain driver rather than through the
code under test."""

import sqlite3
from contextlib import closing
from dataclasses import dataclass

import psycopg

ORPHANS = """
    select count(*) from predictor_prediction p
    left join predictor_modelversion m on m.id = p.model_version_id where m.id is null
"""


@dataclass
class Stored:
    api_ids: set[int]
    web_rows: int
    total_rows: int
    orphans: int
    versions: int
    active_versions: int
    integrity: str
    integrity_ok: bool


def read_database(db: str, target: str) -> Stored:
    """Read `target` (a SQLite path or a PostgreSQL URL) once the server has stopped."""
    connect = sqlite3.connect if db == "sqlite" else psycopg.connect
    with closing(connect(target)) as connection:

        def one(sql: str):
            return connection.execute(sql).fetchone()[0]

        orphans = one(ORPHANS)
        total = one("select count(*) from predictor_prediction")
        if db == "sqlite":
            pages = one("PRAGMA integrity_check")
            foreign = connection.execute("PRAGMA foreign_key_check").fetchall()
            integrity = f"PRAGMA integrity_check: {pages}; PRAGMA foreign_key_check: {len(foreign)} problem(s)"
            integrity_ok = pages == "ok" and not foreign and not orphans
        else:
            # PostgreSQL has no whole-file check to ask for; what we can state is that the
            # table reads in full and that every prediction names a model version that exists.
            integrity = f"select count(*) read {total} rows; {orphans} prediction(s) without their model version"
            integrity_ok = not orphans
        versions = connection.execute(
            "select count(*), sum(case when is_active then 1 else 0 end) from predictor_modelversion"
        ).fetchone()
        return Stored(
            api_ids={pk for (pk,) in connection.execute("select id from predictor_prediction where source = 'api'")},
            web_rows=one("select count(*) from predictor_prediction where source = 'web'"),
            total_rows=total,
            orphans=orphans,
            versions=versions[0],
            active_versions=versions[1] or 0,
            integrity=integrity,
            integrity_ok=integrity_ok,
        )
