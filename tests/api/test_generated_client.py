"""A client generated from the OpenAPI document (openapi-python-client) passes mypy and
calls every operation of a live server: the document is one a program can be built on."""

import json
import subprocess
import sys
import urllib.request
from pathlib import Path

from predictor.api.schemas import EXAMPLE_RECORD
from tests.browser.server import gunicorn, manage, prepare, site_env

HERE = Path(__file__).resolve().parent / "client"
BIN = Path(sys.executable).parent


def test_a_generated_client_type_checks_and_calls_every_operation(tmp_path):
    env = site_env(SQLITE_PATH=str(tmp_path / "db.sqlite3"), DJANGO_STATIC_ROOT=str(tmp_path / "static"))
    prepare(env)
    key = manage(env, "create_api_key", "generated client").strip().splitlines()[-1]
    with gunicorn(env, ready_path="/healthz") as base_url:
        with urllib.request.urlopen(base_url + "/api/v1/openapi.json") as response:
            document = json.load(response)
        operations = {op["operationId"] for path in document["paths"].values() for op in path.values()}
        calls = (HERE / "use_client.py").read_text()
        assert all(f"{name}.sync(" in calls for name in operations), operations  # every one is called
        (tmp_path / "openapi.json").write_text(json.dumps(document))
        (tmp_path / "config.yml").write_text("post_hooks: []\n")  # no formatter run on the output
        generate = [str(BIN / "openapi-python-client"), "generate", "--path", "openapi.json", "--meta", "none"]
        generate += ["--output-path", "census_client", "--config", "config.yml"]
        subprocess.run(generate, cwd=tmp_path, check=True, capture_output=True, text=True)
        (tmp_path / "use_client.py").write_text(calls)
        checked = subprocess.run(
            [str(BIN / "mypy"), "--strict", "--no-incremental", "use_client.py"],
            cwd=tmp_path,
            capture_output=True,
            text=True,
        )
        assert checked.returncode == 0, checked.stdout
        ran = subprocess.run(
            [sys.executable, "use_client.py", base_url, key, json.dumps(EXAMPLE_RECORD)],
            cwd=tmp_path,
            capture_output=True,
            text=True,
        )
        assert ran.returncode == 0 and "every operation answered" in ran.stdout, ran.stderr
