"""What the challenger costs: tree explanations, and a shadow version beside the active one.

In process, on a throwaway SQLite site, people drawn in turn from the test split:
- one record predicted, explained, given its recourse and stored (services.prediction_create
  plus the panel's suggestions, as the form pays), median over 300 different people, for the
  default logistic model and for the full gradient-boosted one (TreeSHAP);
- a 10,000-record batch predicted, explained and stored (services.predictions_create, as
  the API pays), records/s, best of 3, for both.
Over HTTP: the form POST with and without a gradient-boosted shadow set, two servers side by
side, wrk in turns (bench/form_post.py's way), and the 10,000-record batch with and without
it in process. The shadow's budget: at most 30% on the form POST's time. A request only marks
its rows for the shadow; the batch worker scores them in bulk, and that rate is printed too.

Run: make bench (or .venv/bin/python bench/challenger.py [--seconds 8])
"""

import argparse
import io
import statistics
import sys
import time
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from common import setup_site  # noqa: E402
from form_post import form_post  # noqa: E402
from wrk import run_wrk  # noqa: E402

from tests.browser.server import manage, running_server, site_env  # noqa: E402

BATCH = 10_000


def people(names) -> list[dict]:
    import mlcore

    frame, _ = mlcore.load_dataset(ROOT / "data" / "adult.test", list(names))
    return frame[list(names)].to_dict("records")


def one_record_ms(rows: list[dict]) -> float:
    """Median ms of one person predicted, explained, stored and given its suggestions."""
    from predictor.registry import active_model
    from predictor.services import prediction_create

    model, samples = active_model(), []
    for row in rows[:300]:
        start = time.perf_counter()
        prediction_create(inputs=row, source="web", model=model)
        model.predictor.what_would_change(row)
        samples.append(time.perf_counter() - start)
    return 1000 * statistics.median(samples)


def batch_rate(rows: list[dict]) -> float:
    """records/s of a 10,000-record batch predicted, explained and stored, best of 3."""
    from predictor.services import predictions_create

    times = []
    for turn in range(3):
        batch = rows[turn * 1000 :][:BATCH]  # different people each turn
        start = time.perf_counter()
        predictions_create(records=batch, source="api")
        times.append(time.perf_counter() - start)
    return BATCH / min(times)


def shadow_rate() -> float:
    """records/s of the batch worker's bulk scoring for the shadow, over what is pending."""
    from predictor.services import shadow_score_pending

    start, scored = time.perf_counter(), 0
    while done := shadow_score_pending():
        scored += done
    return scored / (time.perf_counter() - start)


def in_process() -> dict:
    setup_site()  # the default model, active
    from django.core.management import call_command

    from predictor.models import ModelVersion

    figures, seed = {}, people(ModelVersion.objects.get(is_active=True).metadata["features"])
    figures["logistic"] = (one_record_ms(seed), batch_rate(seed))
    call_command("retrain", "--shadow", "--algorithm", "hgb", stdout=io.StringIO())
    figures["logistic, hgb shadow"] = (one_record_ms(seed), batch_rate(seed))
    figures["shadow scoring, bulk"] = shadow_rate()
    call_command("shadow_model", "--off", stdout=io.StringIO())
    call_command("retrain", "--features", "full", "--algorithm", "hgb", "--force", stdout=io.StringIO())
    full = people(ModelVersion.objects.get(is_active=True).metadata["features"])
    figures["full hgb, TreeSHAP"] = (one_record_ms(full), batch_rate(full))
    return figures


def form_posts(seconds: int) -> dict:
    """Best req/s of the form POST on a site without and with an hgb shadow, in turns."""
    with ExitStack() as stack:
        # Each with its batch worker, as `make serve` runs: the shadowed site's scores for it.
        plain, _ = stack.enter_context(running_server(worker=True))
        shadowed, db = stack.enter_context(running_server(worker=True))
        manage(site_env(SQLITE_PATH=str(db)), "retrain", "--shadow", "--algorithm", "hgb")
        targets = {"without a shadow": plain, "with an hgb shadow": shadowed}
        runs = {name: [] for name in targets}
        for _ in range(2):
            for name, url in targets.items():
                runs[name].append(run_wrk(f"{url}/", form_post(url), seconds, 4))
    return {name: max(results, key=lambda r: r.rate) for name, results in runs.items()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=8)
    options = parser.parse_args()
    posts = form_posts(options.seconds)
    figures = in_process()
    print("One person (predict, explain, suggest, store), median of 300; a 10,000-record batch, best of 3")
    bulk = figures.pop("shadow scoring, bulk")
    for name, (ms, rate) in figures.items():
        print(f"  {name:<24} one record {ms:6.2f} ms   10,000-record batch {rate:8,.0f} records/s")
    base, tree = figures["logistic"], figures["full hgb, TreeSHAP"]
    print(f"TreeSHAP vs logistic: one record {tree[0] / base[0]:.1f}x the time, batch {tree[1] / base[1]:.3f}x")
    shadow = figures["logistic, hgb shadow"]
    print(f"hgb shadow, in process: one record +{shadow[0] / base[0] - 1:.0%}, batch {shadow[1] / base[1]:.2f}x")
    print(f"the worker's bulk scoring for the hgb shadow: {bulk:,.0f} records/s")
    print("Form POST over HTTP, wrk 4 connections, best of 2, gunicorn 2 workers each:")
    for name, result in posts.items():
        print(f"  {name:<24} {result.summary()}")
    cost = posts["without a shadow"].rate / posts["with an hgb shadow"].rate - 1
    print(f"hgb shadow adds {cost:.0%} to the form POST's time (budget <= 30%)")


if __name__ == "__main__":
    main()
