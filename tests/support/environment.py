"""Loaded with `-p` (see pyproject.toml) so it runs before pytest-django reads the settings."""

import atexit
import os
import shutil
import tempfile

# Settings refuse to start without a secret key when DEBUG is off, as tests run.
os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key")
# The test client and the servers tests start speak plain HTTP; the HTTPS defaults are
# checked by tests that turn this back on in a subprocess.
os.environ.setdefault("DJANGO_HTTPS", "0")
# Every test client request comes from one address; the rate-limit tests set their own.
os.environ.setdefault("API_ANON_RATE", "100000/min")
# Likewise the form, which many tests post many times; tests of its limit turn it on.
os.environ.setdefault("FORM_RATE", "off")

# Static files are collected once per run (tests/conftest.py), outside the work tree, and
# the directory must exist before any WSGI app is built: some tests build one at collection.
if "DJANGO_STATIC_ROOT" not in os.environ:
    os.environ["DJANGO_STATIC_ROOT"] = tempfile.mkdtemp(prefix="censussite-static-")
    atexit.register(shutil.rmtree, os.environ["DJANGO_STATIC_ROOT"], ignore_errors=True)
