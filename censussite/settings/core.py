"""The core: the secret key, hosts, apps, middleware, templates, static files and logging."""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parents[2]

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

# Signing in for batch scoring: the site's own page (the admin's accepts staff only). Without
# a ?next= it lands on the form, which answers everyone (Django's default, /accounts/profile/,
# is no page here); the header then offers whatever else the account may use.
LOGIN_URL = "predictor:login"
LOGIN_REDIRECT_URL = "predictor:index"
LOGOUT_REDIRECT_URL = "predictor:index"
