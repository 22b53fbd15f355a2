"""What a caller is counted by: IPv4 per address, IPv6 per /64, for the API's limits, the
form's and the admin's login lockout alike (predictor.limits.client_network)."""

from types import SimpleNamespace

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.test import Client, RequestFactory, override_settings

from predictor.limits import client_network
from predictor.models import Prediction
from tests.api.conftest import PREDICTIONS

ONE_64, OTHER_64 = "2001:db8:aa:1::", "2001:db8:aa:2::"


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    """The limits' clock pinned mid-minute, so no test straddles two windows."""
    monkeypatch.setattr("predictor.limits.time", SimpleNamespace(time=lambda: 1_800_000_030.0))


def inside(network: str, number: int) -> str:
    """The number-th address of a /64 given by its first address, spread over the host bits."""
    return network.rstrip(":") + f":{number:x}:{number * 7919 % 65536:x}:{number * 31:x}:{number % 7 + 1:x}"


@pytest.mark.parametrize(
    ("remote", "forwarded", "proxies", "counted"),
    [
        ("203.0.113.7", None, 0, "203.0.113.7"),
        ("2001:db8:aa:1:1234:5678:9abc:def0", None, 0, ONE_64),
        ("2001:DB8:AA:1::1", None, 0, ONE_64),  # one network however it is written
        ("::ffff:198.51.100.2", None, 0, "198.51.100.2"),  # IPv4 on a dual-stack socket
        ("10.0.0.1", "2001:db8:aa:2::99", 0, "10.0.0.1"),  # no proxy trusted: the header is ignored
        ("10.0.0.1", "198.51.100.9, 2001:db8:aa:2:ffff::1", 1, OTHER_64),  # the proxy's entry, last
        ("10.0.0.1", "not-an-address", 1, None),
        (None, None, 0, None),
    ],
)
def test_the_address_counted(settings, remote, forwarded, proxies, counted):
    settings.NINJA_NUM_PROXIES = proxies
    request = RequestFactory().get("/")
    del request.META["REMOTE_ADDR"]
    request.META.update({"REMOTE_ADDR": remote} if remote else {})
    request.META.update({"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {})
    assert client_network(request) == counted


def test_the_examples_are_inside_their_networks():
    addresses = {inside(ONE_64, n) for n in range(120)}
    assert len(addresses) == 120 and all(a.startswith("2001:db8:aa:1:") for a in addresses)


def call(client, valid_record, **meta) -> int:
    return client.post(PREDICTIONS, valid_record, content_type="application/json", **meta).status_code


@override_settings(NINJA_DEFAULT_THROTTLE_RATES={"anon": "10/min", "auth": "1000/min"})
def test_one_ipv6_64_shares_one_api_count_and_ipv4_addresses_have_their_own(client, active_version, valid_record):
    statuses = [call(client, valid_record, REMOTE_ADDR=inside(ONE_64, n)) for n in range(120)]
    assert statuses.count(201) == 10 and statuses.count(429) == 110
    assert [call(client, valid_record, REMOTE_ADDR=inside(OTHER_64, n)) for n in range(11)] == [201] * 10 + [429]
    for address in ("192.0.2.1", "192.0.2.2"):
        assert [call(client, valid_record, REMOTE_ADDR=address) for _ in range(11)] == [201] * 10 + [429]
    assert Prediction.objects.count() == 40


@override_settings(NINJA_DEFAULT_THROTTLE_RATES={"anon": "10/min", "auth": "1000/min"}, NINJA_NUM_PROXIES=1)
def test_behind_a_proxy_the_64_in_x_forwarded_for_is_counted(client, active_version, valid_record):
    # The proxy's own address is the same for all; what it appended decides.
    proxied = [call(client, valid_record, HTTP_X_FORWARDED_FOR=inside(ONE_64, n)) for n in range(120)]
    assert proxied.count(201) == 10
    assert call(client, valid_record, HTTP_X_FORWARDED_FOR=f"{inside(ONE_64, 500)}, {inside(OTHER_64, 1)}") == 201


def test_the_form_counts_a_64_as_one_client(client, active_version, valid_record, settings):
    settings.FORM_RATE = "5/min"
    statuses = [client.post("/", valid_record, REMOTE_ADDR=inside(ONE_64, n)).status_code for n in range(20)]
    assert statuses == [303] * 5 + [429] * 15
    assert client.post("/", valid_record, REMOTE_ADDR=inside(OTHER_64, 1)).status_code == 303
    assert Prediction.objects.count() == 6


def test_the_login_lockout_counts_a_64_as_one_client(db):
    User.objects.create_superuser("boss", "boss@example.com", "right-password")
    for n in range(5):  # each failure from another address of the same /64
        Client(REMOTE_ADDR=inside(ONE_64, n)).post("/admin/login/", {"username": "boss", "password": "wrong"})
    assert {a.ip_address for a in AccessAttempt.objects.all()} == {ONE_64}
    locked = Client(REMOTE_ADDR=inside(ONE_64, 99))
    assert locked.post("/admin/login/", {"username": "boss", "password": "right-password"}).status_code == 429
    neighbour = Client(REMOTE_ADDR=inside(OTHER_64, 1))
    response = neighbour.post("/admin/login/", {"username": "boss", "password": "right-password"})
    assert response.status_code == 302 and "_auth_user_id" in neighbour.session
