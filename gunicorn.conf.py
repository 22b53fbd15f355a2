"""gunicorn settings for censussite: the bookkeeping Prometheus needs across workers.

gunicorn reads ./gunicorn.conf.py by default, so every gunicorn started from the checkout
(`make serve`, the deployment lines in docs/deploying.md, the test servers) gets it; other settings
stay on the command line. Each worker writes its metrics to its own files in
PROMETHEUS_MULTIPROC_DIR and a scrape adds them all up (predictor/monitoring/exposition.py); without
that, a scrape would report only the share of the worker that answered it.

prometheus_client is not imported here at the top: it picks its storage when first
imported, so the directory must be in the environment before that, in the master too.
"""

import os
import shutil
import tempfile
from pathlib import Path

if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    _metrics_dir, _made_here = Path(os.environ["PROMETHEUS_MULTIPROC_DIR"]), False
else:
    # Set before any worker is forked, so every worker inherits it.
    _metrics_dir, _made_here = Path(tempfile.mkdtemp(prefix="censussite-metrics-")), True
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(_metrics_dir)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, under another user
        return True
    return True


def on_starting(server):
    # In the master, before the first fork. An earlier run's files would be added to this
    # run's counts, so a dead process's go; a live one's stay: the batch worker shares the
    # directory (docs/deploying.md), and its counts must survive a web server's restart.
    # Only prometheus_client's own files are touched, in case the directory holds others.
    _metrics_dir.mkdir(parents=True, exist_ok=True)
    for kind in ("counter", "gauge", "histogram", "summary"):
        for stale in _metrics_dir.glob(f"{kind}_*.db"):
            pid = stale.stem.rpartition("_")[2]
            if not pid.isdigit() or not _alive(int(pid)):
                stale.unlink()


def child_exit(server, worker):
    # A dead worker's counts stay (counters must never go backwards); only its "live" gauges
    # are dropped. The site has none yet, but one added later will be right from the start.
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid, str(_metrics_dir))


def on_exit(server):
    if _made_here:
        shutil.rmtree(_metrics_dir, ignore_errors=True)


# Whether a request came over HTTPS is decided in one place, Django's settings
# (DJANGO_TLS_PROXY and the one header it names). gunicorn by default also believes
# X-Forwarded-Proto, -Ssl and -Protocol from 127.0.0.1, so behind a proxy on the same host
# that passed any of them through, a client could claim HTTPS whatever that setting says.
secure_scheme_headers: dict = {}
# No control socket (gunicornc): every gunicorn on a host would open the same path, and the
# first to stop would remove the socket from under the others.
control_socket_disable = True
