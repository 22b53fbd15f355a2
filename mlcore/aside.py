"""A second process for the card's TreeSHAP, so that it runs beside the flip test and the
permutation importance instead of after them.

shap's TreeSHAP holds the GIL for its whole run: a thread beside it got a tenth of its usual
pace here, and TreeSHAP itself took 1.5 times as long, so a thread shares nothing. A process
does, on a second core. It is spawned when training starts (`second_process`) and imports
this module, shap and scikit-learn while the model is fitted, so by the time the fitted
pipeline is sent over, only the work is left. With one CPU there is no second process: its
imports (about 1.3 s of CPU) would only be added to the same work. The numbers are the same
either way, the same function of the same pipeline and rows. As with any spawned process, a
script that ends up here must keep its work under `if __name__ == "__main__":`: the new
process imports the script's file first.
"""

import multiprocessing
import os
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from functools import partial
from multiprocessing.connection import wait


def _start() -> None:
    """In the second process, first: end with the parent, even one killed outright (the
    pool's queue would otherwise keep it waiting for work, shap loaded, forever)."""
    threading.Thread(target=_end_with, args=(multiprocessing.parent_process().sentinel,), daemon=True).start()


def _end_with(parent_sentinel) -> None:
    wait([parent_sentinel])
    os._exit(0)


def _ready() -> None:
    """Sent first, so the new process imports shap and scikit-learn while the model is fitted
    (here, inside: a linear model's retrain and the web processes never load shap)."""
    from . import trees  # noqa: F401


def _contributions(pipeline, schema, records: list[dict]) -> dict | None:
    from .trees import mean_abs_contributions

    return mean_abs_contributions(pipeline, schema, records)


def _cpus() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


@contextmanager
def second_process(wanted: bool) -> Iterator[ProcessPoolExecutor | None]:
    """A pool of one spawned process, already importing, for the duration; None if not
    `wanted` (a linear model's card has no TreeSHAP to send), with one CPU, or when no
    process can be had. Spawned rather than forked: a fork of a process holding BLAS and
    OpenMP threads and a database connection is not safe, and mlcore never needs Django,
    which is all the new process would lack."""
    pool = None
    if wanted and _cpus() > 1:
        try:
            pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"), initializer=_start)
            pool.submit(_ready)
        # No semaphores or processes to be had, or a daemonic process (which may have no
        # children; multiprocessing says so with an AssertionError): the card is made here.
        except (OSError, NotImplementedError, AssertionError):
            if pool is not None:
                pool.shutdown(wait=False)
            pool = None
    try:
        yield pool
    finally:
        if pool is not None:  # whatever was not collected (a card that failed) is not waited for
            pool.shutdown(wait=False, cancel_futures=True)


def contributions_beside(pool, pipeline, schema, records: list[dict]) -> Callable[[], dict | None]:
    """`trees.mean_abs_contributions(pipeline, schema, records)` started in `pool` (or, with
    no pool, deferred here), and a call that waits for its answer. Whatever goes wrong over
    there (the process lost, the pipeline not sent) costs the time, not the answer: it is
    computed here then, and a fault of the computation itself is raised here as before."""
    here = partial(_contributions, pipeline, schema, records)
    if pool is None:
        return here
    try:
        future = pool.submit(_contributions, pipeline, schema, records)
    except Exception:  # a broken or shut pool
        return here

    def answer() -> dict | None:
        try:
            return future.result()
        except Exception:
            return here()

    return answer
