"""A file scored by the gradient-boosted model gets its reasons, as the logistic model's does."""

from predictor.batch.models import BatchJob
from predictor.services import model_version_activate, model_version_create
from tests.conftest import train_artifact

from .steps import read, run, split_lines, upload


def test_a_tree_models_result_file_gives_every_row_its_three_reasons(client, uploader, db):
    version = model_version_create(artifact=train_artifact(preset="seed", algorithm="hgb"))
    model_version_activate(version=version, by="tests")
    upload(client, "adult.test", "\n".join(split_lines()[:40]).encode())
    job = run(BatchJob.objects.get().pk)
    assert (job.rows_scored, job.rows_failed) == (40, 0)
    header, *rows = read(job.directory / "result.csv")
    reasons = [header.index(name) for name in ("reason_1", "reason_2", "reason_3")]
    assert all(row[i].endswith(("the chance", "little difference")) for row in rows for i in reasons)
    assert {row[header.index("model_version")] for row in rows} == {str(version.pk)}
