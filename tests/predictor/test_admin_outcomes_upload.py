"""Staff upload a CSV of outcomes in the admin: all or nothing, a report per refused row."""

from html import escape

import pytest
from django.contrib.auth.models import Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile

from predictor.models import Outcome
from predictor.services import outcomes_record, prediction_create
from predictor.services.outcomes import NOT_REWRITTEN

OUTCOMES = "/admin/predictor/outcome/"
UPLOAD = "/admin/predictor/outcome/upload/"


@pytest.fixture
def ids(active_version, valid_record) -> list[int]:
    """Six stored predictions, made on the page (no key): staff may record for any."""
    return [prediction_create(inputs={**valid_record, "age": 30 + i}, source="web").id for i in range(6)]


def upload(client, text: str | bytes, follow=True):
    data = text.encode() if isinstance(text, str) else text
    return client.post(UPLOAD, {"file": SimpleUploadedFile("outcomes.csv", data, "text/csv")}, follow=follow)


def csv_of(*rows, header="prediction,earns_over_50k") -> str:
    return "\n".join([header, *(",".join(map(str, row)) for row in rows)]) + "\n"


def test_the_list_links_to_the_upload_page(staff, db):
    assert 'href="/admin/predictor/outcome/upload/"' in staff.get(OUTCOMES).content.decode()
    page = staff.get(UPLOAD)
    html = page.content.decode()
    assert page.status_code == 200 and 'type="file"' in html and 'enctype="multipart/form-data"' in html
    crumbs = html[html.index('class="breadcrumbs"') : html.index("</ol>")]
    assert 'href="/admin/predictor/"' in crumbs and f'href="{OUTCOMES}"' in crumbs and "Upload" in crumbs


def test_every_value_word_is_read_and_the_repeat_is_unchanged(staff, ids):
    words = ["true", "false", "1", "0", ">50K", "<=50k"]
    text = csv_of(*zip(ids, words, strict=True))
    response = upload(staff, "\ufeff" + text)  # a spreadsheet's byte-order mark is fine
    assert response.redirect_chain[-1][0] == OUTCOMES
    assert "Recorded 6, unchanged 0" in response.content.decode()
    stored = dict(Outcome.objects.values_list("prediction_id", "earns_over_50k"))
    assert stored == dict(zip(ids, [True, False, True, False, True, False], strict=True))
    assert set(Outcome.objects.values_list("recorded_by", flat=True)) == {"staff staff"}
    assert "Recorded 0, unchanged 6" in upload(staff, text).content.decode()


def test_refused_rows_are_reported_by_number_and_nothing_is_stored(staff, ids):
    outcomes_record(items=[(ids[0], True)], by="tests")
    # Row 2 is blank: rows keep their numbers in the file.
    text = csv_of((ids[1], "true"), ("", ""), (999_999, "false"), (ids[0], "false"), (ids[2], "maybe"))
    response = upload(staff, text)
    report = response.context["problems"]
    assert response.status_code == 200 and [(p["row"], p["field"]) for p in report] == [(5, "earns_over_50k")]
    assert "'maybe'" in report[0]["message"]
    response = upload(staff, text.replace("maybe", "true"))
    report = [(p["row"], p["field"], p["message"]) for p in response.context["problems"]]
    assert report == [
        (3, "prediction", "prediction 999999 not found"),
        (
            4,
            "earns_over_50k",
            f"prediction {ids[0]} already has the outcome income over $50K; {NOT_REWRITTEN}",
        ),
    ]
    html = response.content.decode()
    assert "Nothing was recorded: 2 rows refused" in html and "<td>3</td>" in html
    assert list(Outcome.objects.values_list("prediction_id", flat=True)) == [ids[0]]


@pytest.mark.parametrize(
    ("data", "sentence"),
    [
        ("prediction,earns_over_50k\n1,true\n".encode("utf-16"), "not UTF-8"),
        (
            b"prediction,outcome\n1,true\n",
            "must name the columns prediction and earns_over_50k, not prediction, outcome",
        ),
        (b"prediction,earns_over_50k\nabc,true\n", "Row 1: 'abc' is not a prediction id"),
        (b"prediction,earns_over_50k\n" + b"9" * 5000 + b",true\n", "is not a prediction id"),
        (b"prediction,earns_over_50k\n\n", "has 0 rows under its header"),
        (b"\x00\xff\xfe", "not UTF-8"),
    ],
)
def test_a_bad_file_gets_one_sentence(staff, ids, data, sentence):
    response = upload(staff, data)
    assert response.status_code == 200
    (error,) = response.context["form"].errors["file"]
    assert sentence in error and error.endswith(".")
    assert escape(error) in response.content.decode()
    assert not Outcome.objects.exists()


def test_more_rows_than_the_limit_are_refused(staff, ids):
    response = upload(staff, csv_of(*((ids[0], "true") for _ in range(10_001))))
    assert "has 10001 rows under its header; send 1 to 10,000" in response.context["form"].errors["file"][0]


def test_the_add_permission_is_needed_where_the_upload_runs(client, ids):
    viewer = User.objects.create_user("viewer", password="pw-for-tests", is_staff=True)
    viewer.user_permissions.set(Permission.objects.filter(codename="view_outcome"))
    client.force_login(viewer)
    assert "/outcome/upload/" not in client.get(OUTCOMES).content.decode()
    assert client.get(UPLOAD).status_code == 403
    assert upload(client, csv_of((ids[0], "true")), follow=False).status_code == 403
    assert not Outcome.objects.exists()
    viewer.user_permissions.add(Permission.objects.get(codename="add_outcome"))
    assert upload(client, csv_of((ids[0], "true")), follow=False).status_code == 302
    assert Outcome.objects.get().recorded_by == "staff viewer"


def test_anonymous_is_sent_to_login(client, db):
    response = client.get(UPLOAD)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
