"""Generated hostile uploads (random bytes, other encodings, stray quotes, ragged and wide
rows, cells past the reader's limit, formula cells) posted to /batch/ as a user with the
batch permission, and scored as the worker scores them: never a server error, nothing kept
of a refused file, every accepted file scored to its end, and no cell of its result or
errors file opening a formula.

Every example of a test shares its database transaction, so each starts from no jobs, no
predictions and no files.
"""

import csv
import io
import shutil

from django_tasks_db.models import DBTaskResult
from hypothesis import event, given
from hypothesis import strategies as st

from predictor.batch.models import BatchJob
from predictor.models import Prediction
from tests.support.strategies import property_settings

from .steps import opens_a_formula, read, run, upload

PROPERTIES = property_settings(12)
GOOD = {
    "age": ["17", "39", " 90 ", "40.0"],
    "workclass": ["Private", "State-gov", "?", ""],
    "education": ["Bachelors", "HS-grad"],
    "marital_status": ["Never-married", "Divorced"],
    "race": ["White", "Black"],
    "sex": ["Male", "Female"],
    "hours_per_week": ["40", "1", "99"],
}
FORMULAS = ["=1+2", "+SUM(A1)", "-2+3", "@cmd", "\t=x", "\r=x", '=HYPERLINK("http://x.example","y")', "-", "+"]
PLAIN = ["-3", "+1.5", "-.5"]
ODD = ['"', '""', ",", "\r\n", "\n", "\r", "?", "", " ", "\ufeff", "|", "é", "'="]
# No NUL: in the first 64 KB it refuses the whole file as binary (random bytes try that).
words = st.text(st.characters(exclude_characters="\x00"), max_size=10)
cells = st.one_of(
    st.sampled_from(FORMULAS + PLAIN + ODD), words, st.builds(str.__add__, st.sampled_from(FORMULAS), words)
)
# Rare: hypothesis leans towards the first of a sampled list.
now_and_then = st.sampled_from([False] * 9 + [True])
spellings = st.sampled_from([str, str.upper, lambda name: name.replace("_", "."), lambda name: name.replace("_", "-")])


@st.composite
def rows(draw, width: int) -> list[str]:
    """A person whose cells are mostly good, a few hostile; now and then a row too wide."""
    row = [draw(st.sampled_from(values)) for values in GOOD.values()]
    row += [draw(cells) for _ in range(width - len(row))]
    for index in draw(st.sets(st.integers(0, width - 1), max_size=2)):
        row[index] = draw(cells)
    if draw(now_and_then):
        row += [draw(cells)] * draw(st.sampled_from([1, 1_001]))
    return row


@st.composite
def tables(draw) -> str:
    """A CSV with a header in any spelling, other columns, people, and now and then a cell
    past the reader's limit; any line ending, quoted or not, with a byte-order mark or
    adult.test's stray first line."""
    header = [draw(spellings)(name) for name in GOOD] + draw(st.lists(cells, max_size=3))
    people = draw(st.lists(rows(len(header)), min_size=1, max_size=6))
    if draw(now_and_then):
        people[-1][0] = "9" * draw(st.sampled_from([131_073, 140_000]))
    text = io.StringIO()
    lineterminator = draw(st.sampled_from(["\r\n", "\n", "\r"]))
    quoting = draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]))
    csv.writer(text, lineterminator=lineterminator, quoting=quoting).writerows([header, *people])
    return draw(st.sampled_from(["", "\ufeff", "|1x3 Cross validator\n"])) + text.getvalue()


@st.composite
def mangled(draw) -> bytes:
    """Such a file in another encoding, cut short or after its start, or with bytes spliced in."""
    data = draw(tables()).encode(draw(st.sampled_from(["utf-8", "utf-16", "latin-1", "cp1252"])), errors="replace")
    cut = draw(st.integers(0, len(data)))
    return draw(st.sampled_from([data, data[:cut], data[cut:], data[:cut] + draw(st.binary(max_size=8)) + data[cut:]]))


names = st.sampled_from(["people.csv", "=cmd|' /C calc'!A0.csv", "Zoë's file.csv", "x" * 300 + ".csv"])


def start_clean(batch_dir) -> None:
    BatchJob.objects.all().delete()
    Prediction.objects.all().delete()
    DBTaskResult.objects.all().delete()
    shutil.rmtree(batch_dir, ignore_errors=True)


def answered(client, batch_dir, name: str, content: bytes, htmx: bool) -> None:
    start_clean(batch_dir)
    answer = upload(client, name, content, {"HX-Request": "true"} if htmx else {})
    assert answer.status_code < 500
    job = BatchJob.objects.first()
    if job is None:  # refused: one sentence in the form, and nothing kept
        assert answer.status_code == (200 if htmx else 400)
        html = answer.content.decode()
        assert "CSV file: " in html
        event("refused: " + " ".join(html.split("CSV file: ")[1].split()[:4]))
        assert not Prediction.objects.exists() and not DBTaskResult.objects.exists()
        assert not batch_dir.exists() or not any(batch_dir.iterdir())
        return
    assert answer.status_code == (200 if htmx else 302) and ("HX-Redirect" in answer) is htmx
    job = run(job.pk)
    event("scored" if job.rows_scored else "accepted, every row refused")
    assert (job.status, job.rows_done) == ("done", job.rows_total), job.error
    assert job.predictions.count() == job.rows_scored
    for kind in ("result", "errors"):
        opening = [cell for row in read(job.directory / f"{kind}.csv") for cell in row if opens_a_formula(cell)]
        assert not opening, (kind, opening)


@PROPERTIES
@given(content=tables().map(str.encode), name=names, htmx=st.booleans())
def test_a_file_with_hostile_cells_is_scored_or_refused_and_its_files_open_no_formula(
    client, uploader, active_version, batch_dir, content, name, htmx
):
    answered(client, batch_dir, name, content, htmx)


@PROPERTIES
@given(content=st.binary(min_size=1, max_size=300) | mangled(), htmx=st.booleans())
def test_random_or_mangled_bytes_never_get_a_server_error_and_a_refusal_keeps_nothing(
    client, uploader, active_version, batch_dir, content, htmx
):
    answered(client, batch_dir, "bytes.csv", content, htmx)
