"""A job's stored layout names every column of its file (a million-column file's weighed
10.9 MB), so only the worker loads it: a progress poll, a job's page, the list of a user's
jobs and the admin read the job without it."""

import re

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from predictor.batch.models import BatchJob
from predictor.batch.selectors import job_for, jobs_of, orphaned_jobs

from .steps import run, split_lines, upload

# The column itself, as a query selects it; inside a function, as for one of its keys, it is
# not loaded whole.
WHOLE_LAYOUT = re.compile(r'(?<!\()"predictor_batchjob"\."layout"')


@pytest.fixture
def page(client, uploader, active_version) -> str:
    return upload(client, "adult.test", "\n".join(split_lines()[:40]).encode(), record_outcomes="on")["Location"]


def selects_no_layout(client, url: str) -> str:
    with CaptureQueriesContext(connection) as queries:
        answer = client.get(url)
    assert answer.status_code == 200
    jobs = [q["sql"] for q in queries if "predictor_batchjob" in q["sql"]]
    assert jobs and not [sql for sql in jobs if WHOLE_LAYOUT.search(sql)], jobs
    return answer.content.decode()


def test_polls_pages_and_the_list_never_load_the_layout(client, page):
    assert "Waiting to start" in selects_no_layout(client, page.replace("/?s=", "/progress?s="))
    run(BatchJob.objects.get().pk)
    assert "40 known outcomes recorded from the file." in selects_no_layout(client, page)
    assert "adult.test" in selects_no_layout(client, "/batch/")


def test_the_admins_list_and_job_page_never_load_the_layout(client, page, settings):
    job = run(BatchJob.objects.get().pk)
    client.force_login(User.objects.create_superuser("staff", "s@example.com", "pw-for-tests"))
    assert "adult.test" in selects_no_layout(client, f"/{settings.ADMIN_URL}predictor/batchjob/")
    assert "scored rows" in selects_no_layout(client, reverse("admin:predictor_batchjob_change", args=[job.pk]))


def test_the_selectors_give_jobs_without_their_layout(page, uploader):
    job = BatchJob.objects.get()
    found = job_for(user=uploader, job_id=job.pk, signature=page.split("?s=")[1])
    assert "layout" in found.get_deferred_fields() and found.records_outcomes
    ((listed, _),) = jobs_of(user=uploader)
    assert "layout" in listed.get_deferred_fields()
    BatchJob.objects.update(status="running", worker="elsewhere:1")
    (orphan,) = orphaned_jobs()
    assert "layout" in orphan.get_deferred_fields()
