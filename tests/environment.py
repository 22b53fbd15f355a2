"""Loaded with `-p` (see pyproject.toml) so it runs before pytest-django reads the settings."""

import os

# Settings refuse to start without a secret key when DEBUG is off, as tests run.
os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key")
