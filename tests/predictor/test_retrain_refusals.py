"""`manage.py retrain` refuses bad data and bad options in one line, before it trains."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

ROOT = Path(__file__).resolve().parents[2]


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text)
    return str(path)


ROW = (
    "39, State-gov, 77516, Bachelors, 13, Never-married, Adm-clerical, Not-in-family, "
    "White, Male, 2174, 0, 40, United-States, <=50K\n"
)


@pytest.mark.parametrize(
    ("make_file", "message"),
    [
        (lambda tmp: str(tmp / "nope.csv"), "no such file"),
        (lambda tmp: write(tmp, "empty.csv", ""), "is empty"),
        (lambda tmp: write(tmp, "cols.csv", "age,sex,income\n39,Male,<=50K\n"), "missing column(s): workclass"),
        (lambda tmp: write(tmp, "age.csv", ROW.replace("39,", "old,", 1)), "column 'age' must be a whole number"),
        (lambda tmp: write(tmp, "inf.csv", ROW.replace("39,", "inf,", 1)), "column 'age' has a value too large"),
        (lambda tmp: write(tmp, "big.csv", ROW.replace("39,", "1e30,", 1)), "column 'age' has a value too large"),
        (lambda tmp: write(tmp, "one.csv", ROW * 3), "both classes are needed"),
    ],
    ids=["missing-file", "empty-file", "missing-columns", "non-numeric-age", "infinite-age", "huge-age", "one-class"],
)
def test_bad_data_gets_one_line_and_a_nonzero_exit(tmp_path, make_file, message):
    """Run as an operator would: a real process on a real SQLite file."""
    env = {"DJANGO_SECRET_KEY": "x", "SQLITE_PATH": str(tmp_path / "db.sqlite3"), "PATH": "/usr/bin:/bin"}
    python = sys.executable
    subprocess.run([python, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    result = subprocess.run(
        [python, "manage.py", "retrain", "--data", make_file(tmp_path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    active = subprocess.run(
        [
            python,
            "manage.py",
            "shell",
            "--no-imports",
            "-c",
            "from predictor.models import ModelVersion as M; print(M.objects.count())",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert active.stdout.strip() == "0"


@pytest.mark.parametrize("value", ["1.5", "-0.1", "nan"])
def test_a_min_auc_that_is_no_roc_auc_is_refused_before_training(value):
    with pytest.raises(CommandError, match=f"argument --min-auc: {value} is not a ROC AUC, a number from 0 to 1"):
        call_command("retrain", "--min-auc", value)
