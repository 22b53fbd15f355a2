"""The secret key docs/deploying.md tells operators to make passes `check --deploy`.

A fault met before the first request: a key too short for Django's W009 (50 characters, 5 of
them different) fails the deploy checks. The recipe is read from the page itself and run as
written, so a recipe changed there is the one tested.
"""

import os
import re
import subprocess
import sys

import pytest

from tests.browser.server import ROOT

DEPLOYING = ROOT / "docs" / "deploying.md"


def recipe() -> str:
    """The one command in the code block of the page's "The secret key" section."""
    section = DEPLOYING.read_text().split("\n## The secret key\n", 1)[1].split("\n## ", 1)[0]
    (block,) = re.findall(r"```sh\n(.*?)```", section, re.DOTALL)
    (command,) = [line for line in block.splitlines() if line.strip() and not line.startswith("#")]
    return command


def deploy_check(key: str) -> subprocess.CompletedProcess:
    # Production as it starts: no DEBUG, HTTPS on (the test run turns both off for itself).
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_HTTPS", "DJANGO_DEBUG"}}
    env |= {"DJANGO_SECRET_KEY": key, "DJANGO_ALLOWED_HOSTS": "census.example.org"}
    command = [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)


def test_the_documented_recipe_makes_a_key_the_deploy_checks_accept():
    made = subprocess.run(recipe(), shell=True, cwd=ROOT, capture_output=True, text=True, check=True)
    key = made.stdout.strip()
    assert len(key) >= 50 and len(set(key)) >= 5, key
    result = deploy_check(key)
    assert result.returncode == 0, result.stderr
    assert "no issues (0 silenced)" in result.stdout


def test_make_run_makes_its_key_the_same_way():
    command = recipe().removeprefix(".venv/bin/python ")
    assert f"$(PY) {command} > $@" in (ROOT / "Makefile").read_text()


@pytest.mark.parametrize("key", ["k" * 60, "an-openssl-rand-base64-32-key-of-44-letters="])
def test_a_key_too_short_or_too_plain_fails_them(key):
    # So the check above can fail: 44 characters, as `openssl rand -base64 32` gives, or one letter.
    result = deploy_check(key)
    assert result.returncode != 0 and "security.W009" in result.stderr, result.stderr
