"""The load: clients that post the form as htmx does, and clients of the JSON API.

Each client is one thread with one keep-alive connection and its own tally, merged at the
end, so the threads share nothing but the stop event.
"""

import http.client
import json
import random
import re
import threading
import urllib.parse
import urllib.request
from collections import Counter
from dataclasses import dataclass, field

FIGURE = 'class="probability-figure"'
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# What a worker killed mid-request leaves its client with: a reset, a closed socket, or a
# response cut short. None of them is an HTTP answer.
CONNECTION_ERRORS = (OSError, http.client.HTTPException)


@dataclass
class Tally:
    sent: int = 0
    statuses: Counter = field(default_factory=Counter)
    connection_errors: Counter = field(default_factory=Counter)
    form_answered: int = 0
    api_ids: list[int] = field(default_factory=list)
    unexpected: int = 0
    examples: list[str] = field(default_factory=list)
    crashes: list[str] = field(default_factory=list)

    def add(self, other: "Tally") -> None:
        self.sent += other.sent
        self.statuses.update(other.statuses)
        self.connection_errors.update(other.connection_errors)
        self.form_answered += other.form_answered
        self.api_ids += other.api_ids
        self.unexpected += other.unexpected
        self.examples += other.examples
        self.crashes += other.crashes


def model_features(base_url: str) -> list[dict]:
    """The active model's inputs with their allowed values, as the API describes them."""
    with urllib.request.urlopen(base_url + "/api/v1/model", timeout=30) as answer:
        return json.load(answer)["features"]


class Client:
    def __init__(self, base_url: str, features: list[dict], seed: int, stop: threading.Event):
        self.base_url = base_url
        self.features = features
        self.random = random.Random(seed)
        self.stop = stop
        self.tally = Tally()
        address = urllib.parse.urlsplit(base_url)
        self.connection = http.client.HTTPConnection(address.hostname, address.port, timeout=60)

    def run(self) -> None:
        try:
            while not self.stop.is_set():
                self.step()
        except Exception as error:  # a client that dies quietly would make the soak pass on less load
            self.tally.crashes.append(f"{type(self).__name__}: {error!r}")
        finally:
            self.connection.close()

    def step(self) -> None:
        raise NotImplementedError

    def person(self) -> dict:
        """A valid record, different each time: any allowed category, any age or hours in range."""
        return {
            f["name"]: self.random.choice(f["categories"])
            if f["kind"] == "category"
            else self.random.randint(f["minimum"], f["maximum"])
            for f in self.features
        }

    def send(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
        """(response, text), or None when the connection failed instead of answering."""
        self.tally.sent += 1
        try:
            self.connection.request(method, path, body, headers or {})
            response = self.connection.getresponse()
            text = response.read().decode()
        except CONNECTION_ERRORS as error:
            self.connection.close()  # the next request opens a new one
            self.tally.connection_errors[type(error).__name__] += 1
            return None
        self.tally.statuses[response.status] += 1
        return response, text

    def unexpected(self, what: str, response, text: str) -> None:
        self.tally.unexpected += 1
        if len(self.tally.examples) < 5:  # a few examples say enough
            self.tally.examples.append(f"{what}: {response.status} {text[:200]!r}")


class FormClient(Client):
    """A browser tab: reads the page once for its CSRF cookie and token, then posts the
    form as htmx does on every change."""

    cookie = token = None

    def step(self) -> None:
        if self.token is None:
            self.load_page()
            return
        fields = {**self.person(), "csrfmiddlewaretoken": self.token}
        headers = {
            "HX-Request": "true",
            "Cookie": self.cookie,
            "Referer": self.base_url + "/",
            "Content-Type": "application/x-www-form-urlencoded",
        }
        answer = self.send("POST", "/", urllib.parse.urlencode(fields).encode(), headers)
        if answer is None:
            return
        response, text = answer
        if response.status == 200 and FIGURE in text:
            self.tally.form_answered += 1
        else:
            self.unexpected("form POST", response, text)
            self.token = None  # as htmx would on HX-Refresh: draw the page again

    def load_page(self) -> None:
        answer = self.send("GET", "/")
        if answer is None:
            return
        response, text = answer
        cookies = [c.split(";")[0] for c in response.headers.get_all("Set-Cookie") or []]
        cookie = next((c for c in cookies if c.startswith("csrftoken=")), None)
        token = TOKEN.search(text)
        if response.status != 200 or cookie is None or token is None:
            self.unexpected("form GET", response, text)
            return
        self.cookie, self.token = cookie, token.group(1)


class ApiClient(Client):
    """A program posting one record at a time to the JSON API."""

    def step(self) -> None:
        body = json.dumps(self.person()).encode()
        answer = self.send("POST", "/api/v1/predictions", body, {"Content-Type": "application/json"})
        if answer is None:
            return
        response, text = answer
        if response.status == 201:
            self.tally.api_ids.append(json.loads(text)["id"])
        else:
            self.unexpected("API POST", response, text)
