"""One settings module, configured from the environment with safe laptop defaults."""

import os
import re
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent

# One OpenMP thread per process, set before scikit-learn loads its runtime: every web worker
# and batch worker is a process of its own already, and a gradient-boosted model scoring one
# person with a team of threads per process spun them against each other on two cores (a
# form POST fell from hundreds of answers a second to five). Training pins one thread too.
os.environ.setdefault("OMP_NUM_THREADS", "1")


def env_flag(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_flag("DJANGO_DEBUG")
# `make run` and `make serve` write a random key to .secret-key on first use, so that
# manage.py commands typed by hand on the same checkout find it too.
SECRET_KEY_FILE = BASE_DIR / ".secret-key"
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY and SECRET_KEY_FILE.is_file():
    SECRET_KEY = SECRET_KEY_FILE.read_text().strip()
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY (or a .secret-key file, which `make run` writes) is required")
    SECRET_KEY = "insecure-development-key"  # noqa: S105 - only ever used with DEBUG on
ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1").split(",") if h.strip()
]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]

# HTTPS by default (DEBUG aside): redirect, HSTS and cookies only sent over TLS.
# DJANGO_HTTPS=0 turns off exactly those three, for plain HTTP on a private address.
HTTPS = env_flag("DJANGO_HTTPS", default=not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]  # load balancers probe over plain HTTP
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000")) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_flag("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_flag("DJANGO_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
# Behind a TLS-terminating proxy, trust its X-Forwarded-Proto, and nothing else's: set this
# only when the proxy overwrites that header on every request.
if env_flag("DJANGO_TLS_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
ADMIN_URL = os.environ.get("DJANGO_ADMIN_URL", "admin/").strip("/") + "/"
# The one name the pages, the admin and the API docs go by.
SITE_NAME = "Census income estimator"

INSTALLED_APPS = [
    # First, so its runserver (which says what to set when DEBUG is off) wins over staticfiles'.
    "predictor",
    "predictor.batch",
    "predictor.monitoring",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "django_htmx",
    "axes",
    "ninja",
    "django_tasks_db",
]

MIDDLEWARE = [
    "log_request_id.middleware.RequestIDMiddleware",
    # Above SecurityMiddleware and whitenoise, so the HTTPS redirect and static files carry
    # the policy and the frame denial like every other answer.
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "predictor.monitoring.counters.latency_middleware",  # after whitenoise: static files are not timed
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "axes.middleware.AxesMiddleware",
    # Last, so its process_exception is the first to meet a view's database error.
    "censussite.faults.DatabaseFaultMiddleware",
]

# Failed admin logins: after 5 from one address for one user name, that pair is locked
# out for an hour (django-axes, counted in the database so every worker sees it).
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "locked_out.html"  # the site's own page (429), saying how long and what to do
# The same client the rate limits count (DJANGO_NUM_PROXIES decides which address; IPv6 by
# its /64), so behind a proxy a lockout holds back one client, not everyone at the proxy's
# address, and an IPv6 client cannot dodge it by taking another address from its /64.
AXES_CLIENT_IP_CALLABLE = "predictor.limits.client_network"

# Every request gets a new id, sent back as X-Request-ID and written on every log line, so
# the id a visitor reads off an error page finds its traceback in the log.
REQUEST_ID_RESPONSE_HEADER = "X-Request-ID"

# A strict Content-Security-Policy: everything from this origin, nothing inline. The page
# was built for it (no inline script or style; htmx told not to inject its own styles).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

ROOT_URLCONF = "censussite.urls"
WSGI_APPLICATION = "censussite.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "predictor.context_processors.site",
            ],
        },
    },
    {
        # The form's result panel alone (predictor/panel.py says why).
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates" / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {"environment": "predictor.panel.environment"},
    },
]

FORM_RENDERER = "predictor.forms.SiteFormRenderer"

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

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# The shipped UCI splits; `manage.py retrain` reads these unless told otherwise.
DATA_DIR = BASE_DIR / "data"

# Monitoring: drift compares the inputs of the last DRIFT_WINDOW_DAYS days (or, when set, of
# the last DRIFT_WINDOW_ROWS predictions) with the active model's training inputs.
DRIFT_WINDOW_DAYS = int(os.environ.get("DRIFT_WINDOW_DAYS", "7"))
DRIFT_WINDOW_ROWS = int(os.environ["DRIFT_WINDOW_ROWS"]) if os.environ.get("DRIFT_WINDOW_ROWS") else None
# Prometheus scrapes /metrics with `Authorization: Bearer <METRICS_TOKEN>`; unset, /metrics
# answers 404. Nothing else guards it and nothing counts wrong guesses, so it must be long.
METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "").strip()
if METRICS_TOKEN and len(METRICS_TOKEN) < 32:
    raise ImproperlyConfigured("METRICS_TOKEN must be at least 32 characters (e.g. `openssl rand -hex 32`)")
# How long personal inputs are kept: `manage.py prune_predictions` without --before deletes
# predictions older than this many days.
PREDICTION_RETENTION_DAYS = int(os.environ.get("PREDICTION_RETENTION_DAYS", "365"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "log_request_id.filters.RequestIDFilter"}},
    "formatters": {"with_id": {"format": "%(levelname)s [%(request_id)s] %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["request_id"], "formatter": "with_id"}},
    # axes says hello on every start; its lockout warnings still come through.
    "loggers": {"axes.apps": {"level": "WARNING"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
}

# Batch scoring in the browser (/batch/): files and results live under BATCH_DIR, one folder
# per job; a worker (`manage.py batch_worker`, started by `make run` and `make serve`)
# scores them BATCH_CHUNK_ROWS rows per transaction. A running job whose worker has written
# nothing for BATCH_STALE_SECONDS is taken over when a worker starts.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
BATCH_DIR = Path(os.environ.get("BATCH_DIR", BASE_DIR / "batch-files"))
BATCH_CHUNK_ROWS = int(os.environ.get("BATCH_CHUNK_ROWS", "5000"))
BATCH_STALE_SECONDS = int(os.environ.get("BATCH_STALE_SECONDS", "60"))
# Signing in for batch scoring: the site's own page (the admin's accepts staff only). Without
# a ?next= it lands on the form, which answers everyone (Django's default, /accounts/profile/,
# is no page here); the header then offers whatever else the account may use.
LOGIN_URL = "predictor:login"
LOGIN_REDIRECT_URL = "predictor:index"
LOGOUT_REDIRECT_URL = "predictor:index"
