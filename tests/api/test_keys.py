"""Who may read and write what: API keys, their scopes, anonymous calls and rate limits."""

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import override_settings

from predictor.models import ApiKey, Prediction
from predictor.services import api_key_revoke
from tests.api.conftest import PREDICTIONS, bearer, make_key


def anon_rate(rate: str):
    return override_settings(NINJA_DEFAULT_THROTTLE_RATES={"anon": rate, "auth": "1000/min"})


def test_reading_a_prediction_needs_a_key(client, post, active_version, valid_record):
    created = post(valid_record).json()
    response = client.get(f"{PREDICTIONS}/{created['id']}")
    assert response.status_code == 401 and "'read' scope" in response.json()["detail"]
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_batch_needs_a_key_and_stores_nothing_without_one(post, active_version, valid_record):
    response = post({"instances": [valid_record]}, key=False)
    assert response.status_code == 401 and "instances need an API key" in response.json()["detail"]
    assert Prediction.objects.count() == 0


def test_a_read_key_reads_its_own_predictions_and_no_one_elses(client, post, active_version, valid_record):
    mine, theirs = make_key("predict", "read"), make_key("predict", "read")
    own = post(valid_record, key=mine).json()["id"]
    other = post(valid_record, key=theirs).json()["id"]
    anonymous = post(valid_record).json()["id"]
    assert client.get(f"{PREDICTIONS}/{own}", **bearer(mine)).status_code == 200
    for id in (other, anonymous):
        response = client.get(f"{PREDICTIONS}/{id}", **bearer(mine))
        assert response.status_code == 404 and response.json()["errors"] == []


def test_every_prediction_records_the_key_that_made_it(post, active_version, valid_record, api_key):
    post({"instances": [valid_record, valid_record]}, key=api_key)
    post(valid_record)
    key = ApiKey.objects.get(prefix=api_key[:15])
    assert Prediction.objects.filter(api_key=key).count() == 2
    assert Prediction.objects.filter(api_key=None).count() == 1
    assert key.last_used_at is not None


@pytest.mark.parametrize(
    "header",
    [
        "Bearer cs_000000000000_nope",
        "Bearer nonsense",
        "Bearer ",
        "Basic dXNlcjpwYXNz",
        "cs_000000000000_x",
        "Bearer \x00",
    ],
)
def test_a_wrong_key_is_401_in_the_error_shape(client, post, active_version, valid_record, header):
    responses = [
        client.post(PREDICTIONS, valid_record, content_type="application/json", HTTP_AUTHORIZATION=header),
        client.get(f"{PREDICTIONS}/1", HTTP_AUTHORIZATION=header),
    ]
    for response in responses:
        assert response.status_code == 401, response.content
        assert set(response.json()) == {"detail", "errors"}
    assert Prediction.objects.count() == 0


def test_a_revoked_key_is_401(client, post, active_version, valid_record):
    secret = make_key("predict", "read")
    created = post(valid_record, key=secret).json()["id"]
    api_key_revoke(key=ApiKey.objects.get(prefix=secret[:15]))
    assert post(valid_record, key=secret).status_code == 401
    assert client.get(f"{PREDICTIONS}/{created}", **bearer(secret)).status_code == 401


def test_a_key_without_the_scope_is_403(client, post, active_version, valid_record):
    predict_only, read_only = make_key("predict"), make_key("read")
    created = post(valid_record, key=predict_only).json()["id"]
    response = client.get(f"{PREDICTIONS}/{created}", **bearer(predict_only))
    assert response.status_code == 403 and "'read' scope" in response.json()["detail"]
    assert post({"instances": [valid_record]}, key=read_only).status_code == 403
    assert Prediction.objects.count() == 1


def test_anonymous_calls_can_be_switched_off(post, active_version, valid_record, api_key, settings):
    settings.API_ANONYMOUS = False
    assert post(valid_record).status_code == 401
    assert post(valid_record, key=api_key).status_code == 201


def test_anonymous_callers_get_429_with_retry_after_once_the_rate_is_spent(post, active_version, valid_record):
    with anon_rate("3/min"):
        answers = [post(valid_record) for _ in range(4)]
    assert [a.status_code for a in answers] == [201, 201, 201, 429]
    assert 0 < int(answers[-1]["Retry-After"]) <= 60
    assert "Retry-After" in answers[-1].json()["detail"]
    assert Prediction.objects.count() == 3


def test_the_anonymous_limit_is_per_address_and_keys_have_their_own(client, post, active_version, valid_record):
    with anon_rate("1/min"):
        assert post(valid_record).status_code == 201
        assert post(valid_record).status_code == 429
        other = client.post(PREDICTIONS, valid_record, content_type="application/json", REMOTE_ADDR="10.0.0.9")
        assert other.status_code == 201
        assert post(valid_record, key=make_key("predict")).status_code == 201


def test_a_key_is_limited_per_key(post, active_version, valid_record):
    secret = make_key("predict")
    with override_settings(NINJA_DEFAULT_THROTTLE_RATES={"anon": "1000/min", "auth": "2/min"}):
        statuses = [post(valid_record, key=secret).status_code for _ in range(3)]
    assert statuses == [201, 201, 429]


@pytest.mark.parametrize("store", ["database", "redis"])
def test_counts_live_in_the_shared_store(post, active_version, valid_record, store):
    caches = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "censussite_cache"}}
    if store == "redis":
        redis = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:6379/15"}
        caches = {"default": redis}
    with override_settings(CACHES=caches):
        cache.clear()
        with anon_rate("2/min"):
            assert [post(valid_record).status_code for _ in range(3)] == [201, 201, 429]
        assert cache.get("throttle_anon_127.0.0.1") is not None  # what every other worker reads
        cache.clear()


def test_create_api_key_prints_the_key_alone_on_the_last_line(db, capsys):
    call_command("create_api_key", "billing", "--scope", "read")
    secret = capsys.readouterr().out.strip().splitlines()[-1]
    key = ApiKey.objects.get()
    assert secret.startswith(key.prefix + "_") and key.scopes == ["read"] and key.name == "billing"
    assert secret not in key.key_hash and len(secret) > 40
