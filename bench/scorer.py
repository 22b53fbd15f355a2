"""The compiled scorer against the scikit-learn pipeline it was read from, in one process.

The baselines are measured in the same run on the same records: predict_proba on a one-row
DataFrame (what mlcore did per record before the scorer) and on one DataFrame of the whole
batch. Every path starts from cleaned record dicts, so the baselines pay for building their
DataFrame, as mlcore did. The site's own path for one record, `Predictor.predict_many`
(the quick validity check, then the scorer), is timed beside the bare scorer. No Django: the default model
(seed features, logistic regression) is trained here from data/.

Run: .venv/bin/python bench/scorer.py
"""

import sys
import timeit
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import mlcore  # noqa: E402
from mlcore.fitted import linear_weights  # noqa: E402
from mlcore.scorer import Scorer  # noqa: E402

REPEATS = 5


def best_seconds(action, number: int) -> float:
    """Seconds per call, best of REPEATS: the least disturbed run on a shared machine."""
    return min(timeit.repeat(action, number=number, repeat=REPEATS)) / number


def main() -> None:
    names = mlcore.PRESETS["seed"]
    train, _ = mlcore.load_dataset(ROOT / "data" / "adult.data", names)
    test, _ = mlcore.load_dataset(ROOT / "data" / "adult.test", names)
    model = mlcore.train(train, test, names)
    scorer = Scorer(linear_weights(model.pipeline, model.schema))
    columns = list(names)

    def pipeline_scores(records: list[dict]) -> np.ndarray:
        return model.pipeline.predict_proba(pd.DataFrame.from_records(records, columns=columns))[:, 1]

    def sample(size: int) -> list[dict]:
        return test[columns].sample(size, replace=True, random_state=0).to_dict("records")

    # Per record: many different records per timing, so one lucky record cannot flatter it.
    few = sample(200)
    one = best_seconds(lambda: list(map(scorer.score_one, few)), 20) / len(few)
    base_one = best_seconds(lambda: [pipeline_scores([r]) for r in few[:50]], 1) / 50
    print(f"seed logistic model, {len(names)} features; best of {REPEATS} runs; baseline = pipeline.predict_proba")
    print(f"{'':28}{'scorer':>12}{'baseline':>12}{'speed-up':>10}")
    print(
        f"{'score_one, µs per record':28}{one * 1e6:12.2f}{base_one * 1e6:12.2f}{base_one / one:9,.0f}x  (goal <= 5 µs)"
    )
    # The site's path for one person: mlcore's quick validity check, then the scorer.
    predictor = mlcore.Predictor(model.pipeline, model.schema)
    site = best_seconds(lambda: [predictor.predict_many([r]) for r in few], 20) / len(few)
    label = "predict_many([one]), µs"
    print(f"{label:28}{site * 1e6:12.2f}{base_one * 1e6:12.2f}{base_one / site:9,.0f}x  (checked, then scored)")
    for size in (10_000, 100_000):
        batch = sample(size)
        # A fast wrong answer is no answer: check against the pipeline before timing.
        assert np.abs(scorer.score_many(batch) - pipeline_scores(batch)).max() < 1e-9
        fast = best_seconds(lambda batch=batch: scorer.score_many(batch), 1)
        base = best_seconds(lambda batch=batch: pipeline_scores(batch), 1)
        label = f"score_many {size:,}, records/s"
        goal = "  (goal >= 1,000,000)"
        print(f"{label:28}{size / fast:12,.0f}{size / base:12,.0f}{base / fast:9,.1f}x{goal}")


if __name__ == "__main__":
    main()
