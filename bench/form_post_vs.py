"""The form's htmx POST of this checkout against another commit's, in the same run.

A change that claims to keep (or gain) the form's speed is measured here: the other commit
is checked out beside this one (`git worktree`), each is served by gunicorn with 2 workers
on its own SQLite file as `make serve` sets it up, and wrk drives them in turns, so the
machine's mood of the moment weighs on both alike. Each person posted is drawn from the
test split in turn, so no cache of answers could serve a repeat.

`--api` measures the one-record API answer instead (no key, its rate limit counted but
set too high to refuse): the same turns, POST /api/v1/predictions.

Run: .venv/bin/python bench/form_post_vs.py 4a3ef55 [--api] [--rounds 4] [--seconds 8]
"""

import argparse
import statistics
import subprocess
import sys
import tempfile
from contextlib import ExitStack, contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from form_post import api_post, form_post  # noqa: E402
from wrk import run_wrk  # noqa: E402

from tests.browser.server import gunicorn, site_env  # noqa: E402


@contextmanager
def checkout(rev: str):
    """A throwaway worktree of `rev`, removed afterwards."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "other"
        add = ["git", "worktree", "add", "--detach", str(path), rev]
        subprocess.run(add, cwd=ROOT, check=True, capture_output=True)
        try:
            yield path
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(path)], cwd=ROOT, check=True)


def serve(stack: ExitStack, root: Path) -> str:
    """The base URL of `root`'s site, set up as `make serve` sets up a fresh machine."""
    tmp = Path(stack.enter_context(tempfile.TemporaryDirectory()))
    # FORM_RATE off and the anonymous API rate raised: thousands of POSTs come from one
    # address here (an older commit ignores what it does not know).
    paths = {"SQLITE_PATH": str(tmp / "db.sqlite3"), "DJANGO_STATIC_ROOT": str(tmp / "static")}
    env = site_env(**paths, FORM_RATE="off", API_ANON_RATE="1000000/min")
    steps = (["migrate", "--noinput", "-v0"], ["collectstatic", "--noinput", "-v0"], ["retrain", "--if-none-active"])
    for args in steps:
        subprocess.run([sys.executable, "manage.py", *args], cwd=root, env=env, check=True, capture_output=True)
    return stack.enter_context(gunicorn(env, cwd=root, ready_path="/healthz"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("rev", help="the commit to compare with, e.g. the one before a change")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--api", action="store_true", help="the one-record API answer instead of the form")
    options = parser.parse_args()
    what, path = ("one-record API POST", "/api/v1/predictions") if options.api else ("form POST", "/")
    with ExitStack() as stack:
        other = stack.enter_context(checkout(options.rev))
        sites = {options.rev: serve(stack, other), "this checkout": serve(stack, ROOT)}
        requests = {name: api_post() if options.api else form_post(url) for name, url in sites.items()}
        rates = {name: [] for name in sites}
        for _ in range(options.rounds):
            for name, url in sites.items():
                result = run_wrk(f"{url}{path}", requests[name], options.seconds, options.connections)
                rates[name].append(result.rate)
                print(f"  {name:<14} {result.summary()}", flush=True)
    before, after = rates[options.rev], rates["this checkout"]
    print(f"{what}, {options.rounds} turns each of {options.seconds} s, {options.connections} connections:")
    print(f"  {options.rev}: best {max(before):.0f} req/s, median {statistics.median(before):.0f}")
    print(f"  this checkout: best {max(after):.0f} req/s, median {statistics.median(after):.0f}")
    print(f"  this checkout / {options.rev}: best {max(after) / max(before):.3f}, median ", end="")
    print(f"{statistics.median(after) / statistics.median(before):.3f}")


if __name__ == "__main__":
    main()
