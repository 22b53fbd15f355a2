"""The header on every page: the links each kind of visitor gets, signing in and out, and one
site name in the titles, the admin and the API's docs."""

import re
from urllib.parse import quote

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission, User
from django.test import Client

from tests.batch.steps import split_lines, upload
from tests.support.header import header_of

NAME = "Census income estimator"
EVERYONE = {"Estimate": "/", "About the model": "/model/", "API": "/api/v1/docs"}
SCORING = {"Score a file": "/batch/"}
STAFF = {"Dashboard": f"/{settings.ADMIN_URL}dashboard/", "Admin": f"/{settings.ADMIN_URL}"}


def make_user(kind: str) -> User | None:
    if kind == "anonymous":
        return None
    if kind == "staff":
        return User.objects.create_superuser("sam", "sam@example.com", "pw-for-tests")
    user = User.objects.create_user("ada" if kind == "permitted" else "bob", password="pw-for-tests")
    if kind == "permitted":
        user.user_permissions.add(Permission.objects.get(codename="run_batch"))
    return user


def title_of(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()


@pytest.mark.parametrize(
    ("kind", "links"),
    [
        ("anonymous", {**EVERYONE, "Sign in": "/login/?next=%2Fmodel%2F"}),
        ("signed-in", EVERYONE),
        ("permitted", {**EVERYONE, **SCORING}),
        ("staff", {**EVERYONE, **SCORING, **STAFF}),
    ],
)
def test_each_kind_of_visitor_gets_the_links_they_may_follow(client, active_version, kind, links):
    user = make_user(kind)
    if user:
        client.force_login(user)
    header = header_of(client.get("/model/").content.decode())
    assert header.brand == NAME
    assert header.links == links
    if user:  # the name, and a sign-out button that posts to Django's LogoutView
        assert user.username in header.text and header.buttons == ["Sign out"]
        assert header.forms == [{"class": "sign-out", "method": "post", "action": "/logout/"}]
    else:
        assert header.buttons == [] and header.forms == []
    for href in links.values():  # each one leads somewhere this visitor may go
        assert client.get(href, follow=True).status_code == 200, href


def test_every_page_has_the_header_and_names_the_site_once_in_its_title(client, active_version, settings, tmp_path):
    settings.BATCH_DIR = tmp_path
    client.force_login(make_user("staff"))
    page = upload(client, "people.csv", "\n".join(split_lines()[:3]).encode())["Location"]
    pages = ["/", "/model/", "/batch/", page, "/result/not-a-token/", "/no-such-page/"]
    for path in pages:
        html = client.get(path).content.decode()
        assert header_of(html).brand == NAME, path
        title = title_of(html)
        assert title.endswith(f" · {NAME}") and title.count(NAME) == 1, (path, title)
    client.logout()
    assert title_of(client.get("/login/").content.decode()) == f"Sign in · {NAME}"


def test_the_page_without_a_model_has_the_header(client, db):
    html = client.get("/").content.decode()
    assert "No model can answer right now" in html and header_of(html).brand == NAME
    assert title_of(html) == f"No model can answer · {NAME}"


def test_sign_in_comes_back_to_the_page_it_was_asked_from(client, active_version):
    header = header_of(client.get("/model/?threshold=0.4").content.decode())
    assert header.links["Sign in"] == "/login/?next=" + quote("/model/?threshold=0.4", safe="")
    # On the sign-in page itself the link keeps the `next` the page was given.
    header = header_of(client.get("/login/?next=/batch/").content.decode())
    assert header.links["Sign in"] == "/login/?next=/batch/"


@pytest.mark.parametrize("kind", ["signed-in", "permitted"])
def test_signing_in_without_next_lands_on_a_page_that_answers(client, active_version, kind):
    make_user(kind)
    username = "ada" if kind == "permitted" else "bob"
    answer = client.post("/login/", {"username": username, "password": "pw-for-tests"}, follow=True)
    assert answer.redirect_chain == [("/", 302)]
    assert answer.status_code == 200 and username in header_of(answer.content.decode()).text


def test_signing_out_is_a_post_with_the_token(active_version):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(make_user("signed-in"))
    html = browser.get("/").content.decode()
    assert browser.get("/logout/").status_code == 405  # a link or a prefetch signs nobody out
    assert browser.post("/logout/").status_code == 403  # nor a form from another site
    assert "Sign out" in header_of(browser.get("/").content.decode()).buttons
    token = re.search(r'class="sign-out".*?name="csrfmiddlewaretoken" value="([^"]+)"', html, re.S).group(1)
    answer = browser.post("/logout/", {"csrfmiddlewaretoken": token})
    assert answer.status_code == 302 and answer["Location"] == "/"
    header = header_of(browser.get("/").content.decode())
    assert "Sign in" in header.links and header.buttons == []


def test_the_admin_and_the_api_docs_go_by_the_site_name(client, active_version):
    html = client.get(f"/{settings.ADMIN_URL}login/").content.decode()
    assert title_of(html) == f"Log in · {NAME}"
    assert re.search(rf'id="site-name"[^>]*><a href="/{settings.ADMIN_URL}">{NAME}</a>', html)
    client.force_login(make_user("staff"))
    html = client.get(f"/{settings.ADMIN_URL}").content.decode()
    assert title_of(html) == f"Site administration · {NAME}" and f">{NAME}</a>" in html
    assert title_of(client.get("/api/v1/docs").content.decode()) == f"{NAME} API"
    assert client.get("/api/v1/openapi.json").json()["info"]["title"] == f"{NAME} API"
