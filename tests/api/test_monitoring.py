"""GET /api/v1/monitoring: a `read` key, one documented shape, and null where too few rows say nothing."""

import pytest

import mlcore
from predictor.models import Outcome
from predictor.services import predictions_create
from tests.api.conftest import bearer, make_key
from tests.conftest import DATA_DIR

URL = "/api/v1/monitoring"
NAMES = list(mlcore.resolve_features("seed"))


@pytest.fixture(scope="module")
def people():
    frame, _ = mlcore.load_dataset(DATA_DIR / "adult.test", NAMES)
    return frame.head(300)


def store(people, count: int, outcomes: int = 0, source: str = "api") -> None:
    ids = predictions_create(records=people[NAMES].head(count).to_dict("records"), source=source).ids
    truth = people["y"].head(outcomes).tolist()
    Outcome.objects.bulk_create(
        Outcome(prediction_id=pk, earns_over_50k=bool(y), recorded_by="tests")
        for pk, y in zip(ids, truth, strict=False)
    )


def test_a_read_key_is_needed(client, db):
    assert client.get(URL).status_code == 401
    assert client.get(URL, **bearer("cs_nothing_real")).status_code == 401
    response = client.get(URL, **bearer(make_key("predict")))
    assert response.status_code == 403 and "'read' scope" in response.json()["detail"]
    assert client.get(URL, **bearer(make_key("read"))).status_code == 200


def test_too_few_rows_answer_null_not_a_guess(client, active_version, people):
    store(people, 10, outcomes=10)
    body = client.get(URL, **bearer(make_key("read"))).json()
    assert set(body) == {"versions", "drift", "window", "shadow"} and body["shadow"] is None
    (version,) = body["versions"]
    assert set(version) == {"id", "outcomes", "accuracy", "roc_auc", "brier", "expected_accuracy"}
    assert version["id"] == active_version.pk and version["outcomes"] == 10
    assert version["accuracy"] is version["roc_auc"] is version["brier"] is None
    assert 0.5 <= version["expected_accuracy"] <= 1  # needs no outcomes
    assert sorted(row["feature"] for row in body["drift"]) == sorted(NAMES)
    assert all(set(row) == {"feature", "psi", "js", "band"} for row in body["drift"])
    assert {(row["psi"], row["js"], row["band"]) for row in body["drift"]} == {(None, None, None)}
    window = body["window"]
    assert set(window) == {"days", "rows", "since", "until", "rows_found", "by_source", "sources", "version"}
    assert (window["days"], window["rows"], window["rows_found"], window["version"]) == (7, None, 10, active_version.pk)
    assert (window["by_source"], window["sources"]) == ({"api": 10}, None)


def test_enough_rows_give_figures(client, active_version, people):
    store(people, 300, outcomes=60)
    body = client.get(URL, **bearer(make_key("read"))).json()
    (version,) = body["versions"]
    assert version["outcomes"] == 60
    assert 0 <= version["brier"] <= 1 and 0 <= version["accuracy"] <= 1 and 0 <= version["roc_auc"] <= 1
    assert all(row["psi"] >= 0 and row["band"] in {"stable", "watch", "act"} for row in body["drift"])


def test_without_an_active_model_the_drift_is_empty_and_the_window_says_so(client, db):
    body = client.get(URL, **bearer(make_key("read"))).json()
    assert body["versions"] == [] and body["drift"] == []
    assert body["window"]["version"] is None and body["window"]["until"] is None


def test_one_source_or_several_are_looked_at_alone(client, active_version, people):
    store(people, 250, outcomes=60, source="api")
    store(people.tail(50), 50, outcomes=50, source="batch")
    store(people, 220, source="web")
    key = bearer(make_key("read"))
    every = client.get(URL, **key).json()
    assert every["window"]["rows_found"] == 520
    assert every["window"]["by_source"] == {"api": 250, "batch": 50, "web": 220}
    api = client.get(URL, {"source": "api"}, **key).json()
    assert api["window"]["by_source"] == {"api": 250} and api["window"]["sources"] == ["api"]
    (version,) = api["versions"]
    assert version["outcomes"] == 60  # the batch file's outcomes are not the API's
    both = client.get(URL, {"source": "api,batch"}, **key).json()
    assert both["window"]["rows_found"] == 300 and both["versions"][0]["outcomes"] == 110
    assert all(row["psi"] is not None for row in api["drift"])
    web = client.get(URL, {"source": "web"}, **key).json()
    assert web["window"]["rows_found"] == 220


def test_an_unknown_source_is_named_with_the_allowed_ones(client, active_version):
    response = client.get(URL, {"source": "api,phone"}, **bearer(make_key("read")))
    assert response.status_code == 422
    (error,) = response.json()["errors"]
    assert error["field"] == "source" and "phone" in error["message"] and "web, api, batch" in error["message"]


def test_a_misspelt_parameter_is_named_not_ignored(client, active_version):
    response = client.get(URL, {"sources": "api"}, **bearer(make_key("read")))
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "sources", "message": "is not a parameter here; allowed: source"}]


def test_a_source_given_twice_is_named_not_half_read(client, active_version):
    response = client.get(URL, {"source": ["api", "batch"]}, **bearer(make_key("read")))
    assert response.status_code == 422
    (error,) = response.json()["errors"]
    assert error["field"] == "source" and "comma-separated: api,batch" in error["message"]
    assert client.get(URL, {"source": "api,batch"}, **bearer(make_key("read"))).status_code == 200
