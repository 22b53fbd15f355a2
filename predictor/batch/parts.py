"""A batch job's result and errors files, written a chunk at a time as part files.

A chunk's parts are written inside its transaction, before the commit, and named by the
chunk's first row. A part beyond the job's committed progress belongs to a chunk that never
committed and is removed before scoring resumes; at the end the parts are joined in row
order. Every file is written beside its place and renamed into it, so none is ever half there.

Every file is RFC 4180 in UTF-8: the csv module ends each line with CRLF, and the parts are
joined as bytes, so the line breaks inside a quoted cell come back byte for byte. Every
cell, the headers' too, goes through mlcore's `inert_rows` on its way out: one that would
run as a spreadsheet formula gets a leading `'`, every other is written as it was sent.
"""

import csv
import io
import os
import shutil

import mlcore


def _write(path, rows) -> None:
    partial = path.with_name(path.name + ".partial")
    with partial.open("w", newline="", encoding="utf-8") as out:
        csv.writer(out).writerows(mlcore.inert_rows(rows))
    os.replace(partial, path)


def write(directory, first: int, result: list, errors: list) -> None:
    """One chunk's result and error rows, its first data row numbered `first`."""
    folder = directory / "parts"
    folder.mkdir(exist_ok=True)
    _write(folder / f"{first:09d}.result", result)
    _write(folder / f"{first:09d}.errors", errors)


def clear_after(directory, rows_done: int) -> None:
    """Remove the parts of chunks that start after the committed progress."""
    folder = directory / "parts"
    if folder.is_dir():
        for part in folder.iterdir():
            if not part.name[:9].isdigit() or int(part.name[:9]) > rows_done:
                part.unlink()


def join(directory, result_header: list[str]) -> None:
    """result.csv and errors.csv from the parts, in row order."""
    folder = directory / "parts"
    for kind, header in (("result", result_header), ("errors", mlcore.ERROR_HEADER)):
        line = io.StringIO()
        csv.writer(line).writerows(mlcore.inert_rows([header]))
        partial = directory / f"{kind}.csv.partial"
        with partial.open("wb") as out:
            out.write(line.getvalue().encode("utf-8"))
            for part in sorted(folder.glob(f"*.{kind}")):
                # Read as text, a part's line ends would become "\n" (universal newlines).
                with part.open("rb") as piece:
                    shutil.copyfileobj(piece, out)
        os.replace(partial, directory / f"{kind}.csv")


def remove(directory) -> None:
    """The parts and the upload, once the job is marked done: the result keeps the upload's
    own columns, and the people in it are kept no longer than needed. A job resumed before
    then still reads its upload."""
    shutil.rmtree(directory / "parts", ignore_errors=True)
    (directory / "input.csv").unlink(missing_ok=True)
