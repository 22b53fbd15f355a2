"""TreeSHAP for the card in a second process: the same numbers as in this one, and still
an answer whenever the second process is not there to give it."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mlcore import aside
from mlcore.aside import contributions_beside, second_process
from mlcore.trees import mean_abs_contributions

from .test_report import card_of


@pytest.fixture(autouse=True)
def two_cpus(monkeypatch):
    monkeypatch.setattr(aside, "_cpus", lambda: 2)  # as on the machines these tests run on


@pytest.fixture(scope="module")
def records(full_hgb, full_split):
    return full_split.test[list(full_hgb.schema.names)].iloc[:400].to_dict("records")


@pytest.fixture(scope="module")
def here(full_hgb, records):
    return mean_abs_contributions(full_hgb.pipeline, full_hgb.schema, records)


def test_a_second_process_gives_the_numbers_this_one_does(full_hgb, records, here):
    with second_process(True) as pool:
        answer = contributions_beside(pool, full_hgb.pipeline, full_hgb.schema, records)
        assert pool._processes  # a process of its own, not a call deferred here
        beside = answer()
    assert beside == here and set(here) == set(full_hgb.schema.names)


def test_the_card_made_with_a_second_process_is_the_card_made_without(full_hgb, full_split):
    with second_process(True) as pool:
        beside, _ = card_of(full_hgb, full_split.train, full_split.test, helper=pool)
    alone, _ = card_of(full_hgb, full_split.train, full_split.test)
    for card in (beside, alone):
        card["importance"].pop("cost_seconds")
    assert beside == alone
    assert all(item["mean_abs_contribution"] > 0 for item in beside["importance"]["items"])


def test_a_process_lost_while_working_costs_time_not_the_answer(full_hgb, records, here):
    with second_process(True) as pool:
        answer = contributions_beside(pool, full_hgb.pipeline, full_hgb.schema, records)
        os.kill(next(iter(pool._processes)), signal.SIGKILL)  # still importing, or working
        assert answer() == here


def test_a_broken_pool_costs_time_not_the_answer(full_hgb, records, here):
    with second_process(True) as pool:
        pool.submit(os._exit, 1).exception()  # the process dies; the pool is broken from then on
        assert contributions_beside(pool, full_hgb.pipeline, full_hgb.schema, records)() == here


def test_no_process_to_be_had_means_the_work_is_done_here(full_hgb, records, here, monkeypatch):
    def refuse(self):
        raise OSError(11, "Resource temporarily unavailable")

    monkeypatch.setattr("concurrent.futures.ProcessPoolExecutor._spawn_process", refuse)
    with second_process(True) as pool:
        assert pool is None
        assert contributions_beside(pool, full_hgb.pipeline, full_hgb.schema, records)() == here


def test_no_second_process_with_one_cpu_or_without_treeshap(seed_model, records, monkeypatch):
    with second_process(False) as pool:
        assert pool is None
        assert contributions_beside(pool, seed_model.pipeline, seed_model.schema, records)() is None
    monkeypatch.setattr(aside, "_cpus", lambda: 1)
    with second_process(True) as pool:
        assert pool is None


PARENT = """
import os
from mlcore.aside import second_process
if __name__ == "__main__":
    with second_process(True) as pool:
        pool.submit(int).result()
        print(next(iter(pool._processes)), flush=True)
        os.kill(os.getpid(), 9)
"""


def test_the_second_process_ends_with_a_parent_killed_outright(tmp_path):
    script = tmp_path / "parent.py"
    script.write_text(PARENT)
    env = os.environ | {"PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    # A second process left running would hold the output pipe open past the timeout.
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == -signal.SIGKILL, done.stderr
    child = int(done.stdout.split()[0])
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and _alive(child):
        time.sleep(0.1)
    assert not _alive(child)


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(") ")[1][0] != "Z"  # a zombie has ended; init reaps it
    except FileNotFoundError:
        return False
