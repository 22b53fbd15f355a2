"""What /metrics exposes: every worker's counters, and the active version's input drift.

The counters are counters.py's; the drift gauges are computed here when scraped, from the
same read the dashboard and the drift command use, so they need no file per worker and
cannot go stale.
"""

import functools
import logging
import os
import time

from prometheus_client import REGISTRY, CollectorRegistry
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

from .selectors import drift_report

logger = logging.getLogger(__name__)

DRIFT_SECONDS = 60  # a week's window barely moves in a minute; its queries take up to 0.3 s
_drift: dict = {}


def _drift_report() -> dict | None:
    """selectors.drift_report(), at most once a minute per process, or None if it failed."""
    now = time.monotonic()
    if _drift.get("until", 0.0) > now:
        return _drift["report"]
    try:
        report = drift_report()
    except Exception:
        # Drift is the least of what a scrape carries: its failure must not cost the counts.
        logger.exception("metrics: the drift report failed; its gauges are left out of this scrape")
        return None
    _drift.update(until=now + DRIFT_SECONDS, report=report)
    return report


class DriftCollector(Collector):
    """The active version's input drift, computed when scraped: a gauge per input, read from
    the database like any page, so it needs no file per worker and cannot go stale."""

    def describe(self):
        # Names only, so registering this never runs the report's queries.
        return [self._psi(), self._rows()]

    def collect(self):
        psi, rows = self._psi(), self._rows()
        report = _drift_report()
        if report is not None:
            for entry in report["drift"]:
                if entry["psi"] is not None:  # None: too few rows in the window to say
                    psi.add_metric([entry["feature"]], entry["psi"])
            rows.add_metric([], report["window"]["rows_found"])
        return [psi, rows]

    @staticmethod
    def _psi():
        return GaugeMetricFamily(
            "censussite_drift_psi",
            "Population stability index of an input: recent window vs training",
            labels=["feature"],
        )

    @staticmethod
    def _rows():
        return GaugeMetricFamily("censussite_drift_window_rows", "Predictions in the drift window")


@functools.cache
def exposition_registry() -> CollectorRegistry:
    """What /metrics exposes: every worker's files when PROMETHEUS_MULTIPROC_DIR is set (it
    must be set before the process starts), else this process's own registry."""
    if "PROMETHEUS_MULTIPROC_DIR" in os.environ:  # the test prometheus_client makes itself
        registry = CollectorRegistry()
        MultiProcessCollector(registry)
    else:
        registry = REGISTRY
    registry.register(DriftCollector())
    return registry
