"""Every shell example in docs/api.md runs as written against a live site: on a fresh one,
then again on the same database, which by then holds predictions (no id is written in)."""

import os
import re
import sqlite3
import subprocess

from tests.browser.server import gunicorn, prepare, site_env
from tests.conftest import DATA_DIR

ROOT = DATA_DIR.parent
DOCUMENTED = "http://127.0.0.1:8000"  # where `make run` serves, as the examples say
# What each example's answer says when it worked, in the order they run.
SAID = [
    r'"probability":\s*0\.\d+',
    r'"recourse":\[\{"feature":"hours_per_week"',
    r'"predictions":\s*\[',
    r'"inputs":\s*\{',
    r'"features":\s*\[',
    r"(?i)HTTP/1\.1 200 OK\r?\n(.+\r?\n)*?content-length: [1-9]",
    r'"versions":\s*\[',
    r"is not a feature of this model",
    r'"status":\s*"ok"',
    r'"status":\s*"ready"',
    r'"recorded":\s*2',
]


def examples() -> str:
    blocks = re.findall(r"```sh\n(.*?)```", (ROOT / "docs" / "api.md").read_text(), flags=re.DOTALL)
    return "\n".join(blocks)


def test_the_api_examples_run_as_written_on_a_fresh_site_and_a_used_one(tmp_path):
    env = site_env(SQLITE_PATH=str(tmp_path / "db.sqlite3"), DJANGO_STATIC_ROOT=str(tmp_path / "static"))
    prepare(env)
    # The examples run from a checkout: .venv and manage.py where a reader has them.
    work = tmp_path / "checkout"
    work.mkdir()
    for name in (".venv", "manage.py"):
        os.symlink(ROOT / name, work / name)
    script = examples()
    assert script.count("curl") >= 9 and DOCUMENTED in script
    with gunicorn(env, ready_path="/healthz") as base_url:
        for keys, run in enumerate(("fresh", "used"), start=1):
            done = subprocess.run(
                ["bash", "-e", "-o", "pipefail", "-c", script.replace(DOCUMENTED, base_url)],
                cwd=work,
                env={**env, "PYTHONPATH": str(ROOT)},  # manage.py is a link to the checkout's
                capture_output=True,
                text=True,
            )
            assert done.returncode == 0, (run, done.stderr[-2000:])
            position = 0
            for said in SAID:
                found = re.compile(said).search(done.stdout, position)
                assert found, (run, said, done.stdout[position : position + 500])
                position = found.end()
            # The key block makes one key, the one the examples use, and no other.
            with sqlite3.connect(tmp_path / "db.sqlite3") as db:
                assert db.execute("SELECT count(*) FROM predictor_apikey").fetchone()[0] == keys, run
