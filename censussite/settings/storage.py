"""Where rows and shared counts live (SQLite, tuned, or DATABASE_URL; the cache), and the
rates those counts hold clients to: the API's, with and without a key, and the form's."""

import os
import re
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from .core import BASE_DIR, env_flag

SQLITE_PATH = Path(os.environ.get("SQLITE_PATH", BASE_DIR / "db.sqlite3"))
# When a commit reaches the disk. FULL (the default) syncs every commit before the answer
# goes out, so an answered prediction survives even a power cut. NORMAL hands each commit
# to the operating system and syncs at WAL checkpoints: it survives any crash of the site's
# own processes but can lose the last moments to a power cut or a kernel crash, for about
# a fifth more form answers per second (docs/performance.md has both figures).
SQLITE_SYNCHRONOUS = os.environ.get("SQLITE_SYNCHRONOUS", "FULL").strip().upper()
if SQLITE_SYNCHRONOUS not in {"NORMAL", "FULL"}:
    raise ImproperlyConfigured(f"SQLITE_SYNCHRONOUS must be FULL or NORMAL, not {SQLITE_SYNCHRONOUS!r}")
DATABASE_URL = os.environ.get("DATABASE_URL", "")


def sqlite_database(path) -> dict:
    """SQLite as this site runs it, whether named by SQLITE_PATH or by an sqlite:// DATABASE_URL."""
    return {
        # Django's SQLite backend, its write transactions taken in turns between processes.
        "ENGINE": "censussite.sqlite",
        "NAME": path,
        # Keep the connection between requests: opening one (and its PRAGMAs) cost a
        # third of a form answer's time in the worker.
        "CONN_MAX_AGE": 600,
        "OPTIONS": {
            # WAL lets readers go on while one process writes; IMMEDIATE takes the write
            # lock at BEGIN so concurrent writers queue on the busy timeout instead of
            # failing with "database is locked" halfway through a transaction.
            "init_command": f"PRAGMA journal_mode=WAL; PRAGMA synchronous={SQLITE_SYNCHRONOUS};",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        },
    }


if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
    # dj-database-url gives SQLite none of the tuning above (2.2x slower measured): give it all.
    if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        DATABASES["default"] = sqlite_database(DATABASES["default"]["NAME"])
else:
    DATABASES = {"default": sqlite_database(SQLITE_PATH)}

# The API's rate limits are counted here, so every worker and host shares one count:
# the database by default, Redis when REDIS_URL is set.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    # Room for a count per client address: past MAX_ENTRIES the cache drops a third of its
    # rows, and with them the counts that hold those callers back.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "censussite_cache",
            "OPTIONS": {"MAX_ENTRIES": 200_000},
        }
    }
API_ANONYMOUS = env_flag("API_ANONYMOUS", True)  # 0: even single records need a key
NINJA_DEFAULT_THROTTLE_RATES = {
    "anon": os.environ.get("API_ANON_RATE", "60/min"),  # per client address, calls without a key
    "auth": os.environ.get("API_KEY_RATE", "1000/min"),  # per key
}
# How many proxies in front of the site append to X-Forwarded-For; 0 trusts only the peer.
NINJA_NUM_PROXIES = int(os.environ.get("DJANGO_NUM_PROXIES", "0"))
# The form's POSTs per client address, counted as the API's are; "off": no limit, for
# benchmarks that post thousands from one address. GET / is never limited. Checked here, as
# a typo would otherwise fail every POST.
FORM_RATE: str | None = os.environ.get("FORM_RATE", "60/min").strip()
if FORM_RATE.lower() == "off":
    FORM_RATE = None
elif not re.fullmatch(r"\d+/([1-9]\d*)?(s|sec|m|min|h|hour|d|day)", FORM_RATE):
    raise ImproperlyConfigured(f"FORM_RATE must look like 60/min (or N/s, N/hour, N/day, off), not {FORM_RATE!r}")
