"""TreeSHAP for the card in a second process: the same numbers as in this one, and still
an answer when the second process is gone."""

import os

import pytest

from mlcore.aside import contributions_beside, second_process
from mlcore.trees import mean_abs_contributions


@pytest.fixture(scope="module")
def records(full_hgb, full_split):
    return full_split.test[list(full_hgb.schema.names)].iloc[:400].to_dict("records")


def test_a_second_process_gives_the_numbers_this_one_does(full_hgb, records):
    here = mean_abs_contributions(full_hgb.pipeline, full_hgb.schema, records)
    with second_process(True) as pool:
        answer = contributions_beside(pool, full_hgb.pipeline, full_hgb.schema, records)
        assert pool._processes  # a process of its own, not a call deferred here
        beside = answer()
    assert beside == here and set(here) == set(full_hgb.schema.names)


def test_a_lost_second_process_costs_time_not_the_answer(full_hgb, records):
    here = mean_abs_contributions(full_hgb.pipeline, full_hgb.schema, records)
    with second_process(True) as pool:
        pool.submit(os._exit, 1).exception()  # the process dies; the pool is broken from then on
        assert contributions_beside(pool, full_hgb.pipeline, full_hgb.schema, records)() == here


def test_no_second_process_for_a_model_without_treeshap(seed_model, records):
    with second_process(False) as pool:
        assert pool is None
        assert contributions_beside(pool, seed_model.pipeline, seed_model.schema, records)() is None


def test_no_process_to_be_had_means_the_work_is_done_here(full_hgb, records, monkeypatch):
    def refuse(self):
        raise OSError(11, "Resource temporarily unavailable")

    monkeypatch.setattr("concurrent.futures.ProcessPoolExecutor._spawn_process", refuse)
    with second_process(True) as pool:
        assert pool is None
        moved = contributions_beside(pool, full_hgb.pipeline, full_hgb.schema, records)()
    assert moved == mean_abs_contributions(full_hgb.pipeline, full_hgb.schema, records)
