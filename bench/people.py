"""People drawn from the test split, for the benchmarks that post one person per request.

Sending one person over and over measures a cache as well as anything: a server that kept
its answers would pass without making anyone faster. So each request takes the next person
of the 16,281 in data/adult.test, seen by no model in training, in the file's order.
"""

import sys
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import mlcore  # noqa: E402

# The inputs the form and the seed apps ask for, in the form's order.
NAMES = mlcore.PRESETS["seed"]


def people() -> list[dict]:
    """Every person of the test split as the API takes them: numbers as int, words as str."""
    frame, _ = mlcore.load_dataset(ROOT / "data" / "adult.test", NAMES)
    columns = {name: frame[name].tolist() for name in NAMES}
    return [dict(zip(NAMES, values, strict=True)) for values in zip(*columns.values(), strict=True)]


def form_bodies(csrf: str) -> list[str]:
    """Each person as the page's htmx POST sends them, with the form's CSRF token."""
    return [urlencode({**person, "csrfmiddlewaretoken": csrf}) for person in people()]


def queries() -> list[str]:
    """Each person as a seed app's query string."""
    return [urlencode(person) for person in people()]
