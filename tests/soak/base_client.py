"""The base of every soak client: one thread with one keep-alive connection and its own tally,
merged at the end, so the threads share nothing but the stop event."""

import http.client
import random
import threading
import urllib.parse
from collections import Counter
from dataclasses import dataclass, field

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
