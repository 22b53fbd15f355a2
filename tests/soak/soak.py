"""Soak: real gunicorn under form and API load while a worker is killed and the model is
retrained twice, and a hostile client sends 7.9 MB bodies now and then; then check that
every answered prediction was stored and that /healthz stayed quick throughout.

    .venv/bin/python -m tests.soak.soak --db sqlite|postgres --seconds 60 --clients 8
"""

import argparse
import resource
import sys
import threading
import time

from tests.soak.checks import Stored, read_database
from tests.soak.clients import ApiClient, FormClient, model_features
from tests.soak.hostile import BigBodyClient, HealthProbe
from tests.soak.report import SoakReport, failures, summary
from tests.soak.serving import WORKERS, fresh_site, gunicorn_master, kill_worker, retrain


def run_soak(db: str, seconds: float, clients: int) -> SoakReport:
    report = SoakReport(db=db, seconds=seconds, clients=clients)
    _say(f"setting up a fresh site on {db}")
    with fresh_site(db) as (env, target, tmp):
        with gunicorn_master(env, tmp / "gunicorn.log") as (master, base_url):
            _say(f"gunicorn master {master.pid} with {WORKERS} workers at {base_url}; {clients} clients start")
            features = model_features(base_url)
            stop = threading.Event()
            load = [(FormClient if i % 2 == 0 else ApiClient)(base_url, features, i, stop) for i in range(clients)]
            # Beside the load, not counted in --clients: a hostile caller, and /healthz watched.
            big, probe = BigBodyClient(base_url, features, clients, stop), HealthProbe(base_url, features, 0, stop)
            load += [big, probe]
            threads = [threading.Thread(target=client.run, daemon=True) for client in load]
            for thread in threads:
                thread.start()
            try:
                _operate(report, env, master.pid, seconds)
            finally:
                stop.set()
                for thread in threads:
                    thread.join()
            for client in load:
                report.load.add(client.tally)
            report.big_answers, report.healthz_times = big.answers, probe.times
            _say("load stopped; stopping gunicorn")
        _compare(report, read_database(db, target))  # gunicorn has stopped: nothing is in flight
        if report.failures:
            report.failures.append("gunicorn log, last lines:\n" + _tail(tmp / "gunicorn.log"))
    return report


def _compare(report: SoakReport, stored: Stored) -> None:
    report.api_missing = sorted(set(report.load.api_ids) - stored.api_ids)
    report.api_stored, report.form_stored = len(stored.api_ids), stored.web_rows
    report.integrity, report.active_versions = stored.integrity, stored.active_versions
    report.failures = failures(report, stored.integrity_ok) + report.failures


def _operate(report: SoakReport, env: dict, master: int, seconds: float) -> None:
    """The operator's part, on a schedule: kill a worker at 1/3, retrain at 1/2 and 2/3
    (one after the other), and keep the load on until the time is up or, if later, the
    second retrain ends: each retrain must run under load."""
    start = time.monotonic()

    def at(fraction: float) -> None:
        time.sleep(max(0.0, start + fraction * seconds - time.monotonic()))

    at(1 / 3)
    report.killed_worker, report.replaced_in = kill_worker(master)
    replaced = "not replaced within 10 s" if report.replaced_in is None else f"replaced in {report.replaced_in:.2f} s"
    _say(f"killed worker {report.killed_worker} with SIGKILL; {replaced}")
    for number, fraction in enumerate([1 / 2, 2 / 3], start=1):
        at(fraction)
        began, cpu = time.monotonic(), _children_cpu()
        result = retrain(env)
        report.retrain_exit_codes.append(result.returncode)
        # Its own CPU time beside the wall time tells waiting (for a core or a lock) from working.
        took = f"{time.monotonic() - began:.1f} s ({_children_cpu() - cpu:.1f} s CPU)"
        _say(f"retrain {number} exited {result.returncode} in {took}")
        if result.returncode:
            report.failures.append(f"retrain {number} output:\n{result.stdout[-1000:]}{result.stderr[-2000:]}")
    at(1)


def _say(message: str) -> None:
    print(f"soak {time.strftime('%H:%M:%S')} {message}", flush=True)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _tail(path, lines: int = 30) -> str:
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--seconds", type=float, default=60, help="how long the load runs")
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients, half form and half API")
    args = parser.parse_args(argv)
    report = run_soak(args.db, args.seconds, args.clients)
    print(summary(report))
    return 1 if report.failures else 0


if __name__ == "__main__":
    sys.exit(main())
