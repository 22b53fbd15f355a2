"""Two web hosts sharing one PostgreSQL: the scale-out path, on the server this machine runs."""

import subprocess
import sys
import urllib.parse
import urllib.request

import psycopg
import pytest

from tests.browser.server import ROOT, csrf_token, gunicorn, manage, prepare, site_env, throwaway_postgres

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def database_url():
    """A fresh database for this run, dropped afterwards."""
    with throwaway_postgres("scaleout") as url:
        yield url


@pytest.fixture(scope="module")
def hosts(database_url, tmp_path_factory):
    env = site_env(DATABASE_URL=database_url, DJANGO_STATIC_ROOT=str(tmp_path_factory.mktemp("static")))
    prepare(env)
    with gunicorn(env) as first, gunicorn(env) as second:
        yield env, [first, second]


def predict_via_form(base_url: str) -> str:
    """POST the page's form as htmx would and return the version line of the answer."""
    with urllib.request.urlopen(base_url + "/") as page:
        html = page.read().decode()
        cookie = page.headers["Set-Cookie"].split(";")[0]
    token = csrf_token(html)
    fields = {"age": 45, "workclass": "Private", "education": "Masters", "marital_status": "Divorced"}
    fields |= {"race": "White", "sex": "Female", "hours_per_week": 40, "csrfmiddlewaretoken": token}
    request = urllib.request.Request(
        base_url + "/",
        data=urllib.parse.urlencode(fields).encode(),
        headers={"HX-Request": "true", "Cookie": cookie, "Referer": base_url + "/"},
    )
    with urllib.request.urlopen(request) as answer:
        html = answer.read().decode()
    return html.split('class="model-version">')[1].split(":")[0].strip()


def rows(database_url: str, sql: str) -> list:
    with psycopg.connect(database_url) as connection:
        return connection.execute(sql).fetchall()


def test_both_hosts_serve_and_store_in_one_database(hosts, database_url):
    _env, urls = hosts
    before = rows(database_url, "select count(*) from predictor_prediction")[0][0]
    versions = [predict_via_form(url) for url in urls * 2]
    assert versions == ["Model v1"] * 4
    assert rows(database_url, "select count(*) from predictor_prediction")[0][0] == before + 4


def test_an_activation_reaches_every_host_without_a_restart(hosts, database_url):
    env, urls = hosts
    manage(env, "retrain", "--features", "age,education,marital_status,race,sex,hours_per_week,workclass")
    active = rows(database_url, "select id from predictor_modelversion where is_active")
    assert len(active) == 1
    assert [predict_via_form(url) for url in urls] == [f"Model v{active[0][0]}"] * 2
    manage(env, "activate_model", "1")
    assert [predict_via_form(url) for url in urls] == ["Model v1"] * 2


def test_simultaneous_activations_queue_instead_of_failing(hosts, database_url):
    """Two operators activating different versions at the same moment: both succeed in
    turn, and one version is active afterwards."""
    env, _urls = hosts
    ids = [pk for (pk,) in rows(database_url, "select id from predictor_modelversion order by id")][:2]
    assert len(ids) == 2
    for _ in range(3):
        commands = [[sys.executable, "manage.py", "activate_model", str(pk)] for pk in ids]
        processes = [subprocess.Popen(c, cwd=ROOT, env=env, stdout=subprocess.DEVNULL) for c in commands]
        assert [p.wait(timeout=60) for p in processes] == [0, 0]
        assert len(rows(database_url, "select id from predictor_modelversion where is_active")) == 1


def test_postgres_refuses_a_second_active_version(hosts, database_url):
    with pytest.raises(psycopg.errors.UniqueViolation), psycopg.connect(database_url) as connection:
        connection.execute("update predictor_modelversion set is_active = true")


def test_inputs_are_stored_as_typed_json(hosts, database_url):
    sql = "select jsonb_typeof(inputs->'age'), inputs->>'education', source from predictor_prediction limit 1"
    assert rows(database_url, sql) == [("number", "Masters", "web")]
