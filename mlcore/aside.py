"""A second process for the card's TreeSHAP, so that it runs beside the flip test and the
permutation importance instead of after them.

shap's TreeSHAP holds the GIL for its whole run: a thread beside it got a tenth of its usual
pace here, and TreeSHAP itself took 1.5 times as long, so a thread shares nothing. A process
does, on a second core. It is spawned when training starts (`second_process`) and imports
this module, shap and scikit-learn while the model is fitted, so by the time the fitted
pipeline is sent over, only the work is left. On a machine with one free core the two take
turns, and the second process's imports (about 1.3 s of CPU) are a cost one process would
not pay; the numbers are the same either way, the same function of the same pipeline and
rows. As with any spawned process, a script that ends up here must keep its work under
`if __name__ == "__main__":`: the new process imports the script's file first.
"""

import multiprocessing
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from functools import partial


def _ready() -> None:
    """Sent first, so the new process imports shap and scikit-learn while the model is fitted
    (here, inside: a linear model's retrain and the web processes never load shap)."""
    from . import trees  # noqa: F401


def _contributions(pipeline, schema, records: list[dict]) -> dict | None:
    from .trees import mean_abs_contributions

    return mean_abs_contributions(pipeline, schema, records)


@contextmanager
def second_process(wanted: bool) -> Iterator[ProcessPoolExecutor | None]:
    """A pool of one spawned process, already importing, for the duration; None if not
    `wanted` (a linear model's card has no TreeSHAP to send). Spawned rather than forked:
    a fork of a process holding BLAS and OpenMP threads and a database connection is not
    safe, and mlcore never needs Django, which is all the new process would lack."""
    if not wanted:
        yield None
        return
    pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
    try:
        pool.submit(_ready)
    except OSError:  # no process to be had (a limit on processes): the card is computed here
        pool.shutdown(wait=False)
        pool = None
    try:
        yield pool
    finally:
        if pool is not None:  # whatever was not collected (a card that failed) is not waited for
            pool.shutdown(wait=False, cancel_futures=True)


def contributions_beside(pool, pipeline, schema, records: list[dict]) -> Callable[[], dict | None]:
    """`trees.mean_abs_contributions(pipeline, schema, records)` started in `pool` (or, with
    no pool, deferred here), and a call that waits for its answer. A pool that could not
    start or lost its process costs the time, not the answer: it is computed here then."""
    here = partial(_contributions, pipeline, schema, records)
    if pool is None:
        return here
    try:
        future = pool.submit(_contributions, pipeline, schema, records)
    except BrokenProcessPool:
        return here

    def answer() -> dict | None:
        try:
            return future.result()
        except BrokenProcessPool:
            return here()

    return answer
