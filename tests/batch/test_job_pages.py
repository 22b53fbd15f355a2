"""A batch job's pages: only for its uploader or staff, the progress poll, and deleting a job."""

from django.contrib.auth.models import Permission, User

from predictor.batch.models import BatchJob
from predictor.models import Prediction

from .steps import run, split_lines, upload


def test_a_visitor_is_sent_to_sign_in_and_a_user_without_the_permission_refused(client, db):
    assert client.get("/batch/")["Location"].startswith("/login/?next=/batch/")
    client.force_login(User.objects.create_user("bob", password="pw-for-tests"))
    assert client.get("/batch/").status_code == 403
    assert upload(client, "x.csv", b"a,b\n1,2\n").status_code == 403


def test_a_job_and_its_files_are_the_uploaders_and_staffs_only(client, uploader, active_version):
    page = upload(client, "people.csv", "\n".join(split_lines()[:50]).encode())
    job = run(BatchJob.objects.get().pk)
    own = page["Location"]
    assert client.get(own).status_code == 200
    assert client.get(f"/batch/{job.id}/").status_code == 404  # without its signed link
    result = own.replace("/?s=", "/result.csv?s=")
    assert client.get(result)["Content-Disposition"] == 'attachment; filename="people-scored.csv"'
    other = User.objects.create_user("eve", password="pw-for-tests")
    other.user_permissions.add(Permission.objects.get(codename="run_batch"))
    client.force_login(other)
    assert client.get(own).status_code == 404 and client.get(result).status_code == 404
    client.force_login(User.objects.create_superuser("staff", "s@example.com", "pw-for-tests"))
    assert client.get(f"/batch/{job.id}/result.csv").status_code == 200


def test_progress_polls_until_the_job_ends(client, uploader, active_version):
    page = upload(client, "people.csv", "\n".join(split_lines()[:50]).encode())
    progress = page["Location"].replace("/?s=", "/progress?s=")
    html = client.get(progress).content.decode()
    assert 'hx-trigger="every 1s"' in html and 'value="0"' in html
    run(BatchJob.objects.get().pk)
    html = client.get(progress).content.decode()
    assert "hx-trigger" not in html and 'value="50"' in html and "Download the scored rows" in html


def test_deleting_a_job_removes_its_files_and_keeps_its_predictions(client, uploader, active_version):
    upload(client, "people.csv", "\n".join(split_lines()[:20]).encode())
    job = run(BatchJob.objects.get().pk)
    assert (job.directory / "result.csv").is_file()
    BatchJob.objects.all().delete()
    assert not job.directory.exists()
    assert Prediction.objects.filter(source="batch", batch_job=None).count() == 20
