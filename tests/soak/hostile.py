"""A hostile client beside the load, and a probe that says whether everyone else was served.

BigBodyClient posts issue 19's body now and then: one record of 800,000 unknown fields, 7.9
MB, just under the API's byte limit, which once took a worker 5 s and 1.1 GB to answer with
115 MB. Each must now be a 422 of under SMALL_ANSWER bytes. HealthProbe asks /healthz a few
times a second throughout; the run fails if its 99th percentile is not under HEALTHZ_P99 s,
so one caller's bodies cannot slow the site for the rest.
"""

import math
import time
import urllib.parse

from tests.soak.base_client import Client

BIG_BODIES = 12  # per run, however long: enough to overlap the kill and a retrain, no more
BIG_EVERY = 2.0  # seconds between the end of one and the start of the next
BIG_TIMEOUT = 30  # seconds: a body not answered by then counts as a connection error
SMALL_ANSWER = 64_000  # bytes
PROBE_EVERY = 0.1  # seconds between /healthz probes
HEALTHZ_P99 = 1.0  # seconds: far above an idle answer (~2 ms), far below a worker tied up for 5 s
LOOPBACK = {"127.0.0.1", "::1", "localhost"}


def big_body() -> bytes:
    """One record of 800,000 distinct unknown fields ("0":0,"1":0, ... in hex): 7.9 MB."""
    return ("{" + ",".join(f'"{i:x}":0' for i in range(800_000)) + "}").encode()


class BigBodyClient(Client):
    """Posts big_body() at most BIG_BODIES times, BIG_EVERY seconds apart, to a loopback
    server only: it is a load a test makes on its own machine, never on anyone else's."""

    def __init__(self, base_url: str, *args):
        if urllib.parse.urlsplit(base_url).hostname not in LOOPBACK:
            raise ValueError(f"the big-body client sends only to loopback, not to {base_url}")
        super().__init__(base_url, *args)
        self.connection.timeout = BIG_TIMEOUT
        self.body = big_body()
        self.answers: list[tuple[float, int]] = []  # (seconds, bytes) of each answer

    def step(self) -> None:
        if len(self.answers) + sum(self.tally.connection_errors.values()) >= BIG_BODIES:
            self.stop.wait()  # done: wait for the run to end
            return
        began = time.monotonic()
        answer = self.send("POST", "/api/v1/predictions", self.body, {"Content-Type": "application/json"})
        if answer is not None:
            response, text = answer
            self.answers.append((time.monotonic() - began, len(text.encode())))
            if response.status != 422 or len(text.encode()) >= SMALL_ANSWER:
                self.unexpected("800,000-field body", response, text)
        self.stop.wait(BIG_EVERY)


class HealthProbe(Client):
    """GET /healthz every PROBE_EVERY seconds, keeping how long each answer took."""

    def __init__(self, *args):
        super().__init__(*args)
        self.times: list[float] = []

    def step(self) -> None:
        began = time.monotonic()
        answer = self.send("GET", "/healthz")
        if answer is not None:
            response, text = answer
            if response.status == 200:
                self.times.append(time.monotonic() - began)
            else:
                self.unexpected("GET /healthz", response, text)
        self.stop.wait(PROBE_EVERY)


def percentile(values: list[float], share: float) -> float | None:
    """The nearest-rank percentile: the smallest value at least `share` of them do not exceed."""
    return sorted(values)[math.ceil(share * len(values)) - 1] if values else None


def hostile_failures(big: list[tuple[float, int]], healthz: list[float], seconds: float) -> list[str]:
    found = []
    if not big:
        found.append("the big-body client got no answer at all")
    p99 = percentile(healthz, 0.99)
    if len(healthz) < seconds:  # the probe tries ten times a second
        found.append(f"/healthz answered only {len(healthz)} times in {seconds:g} s")
    elif p99 >= HEALTHZ_P99:
        found.append(f"/healthz took {p99:.2f} s at the 99th percentile; the bound is {HEALTHZ_P99:g} s")
    return found


def hostile_summary(big: list[tuple[float, int]], healthz: list[float]) -> list[str]:
    slowest = max((s for s, _ in big), default=0.0)
    largest = max((n for _, n in big), default=0)
    p50, p99 = percentile(healthz, 0.5) or 0.0, percentile(healthz, 0.99) or 0.0
    return [
        f"  800,000-field bodies     {len(big)} answered; slowest {slowest:.2f} s, largest answer {largest} bytes",
        f"  /healthz                 {len(healthz)} answered; p50 {p50 * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms "
        f"(bound {HEALTHZ_P99:g} s)",
    ]
