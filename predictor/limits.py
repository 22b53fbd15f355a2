"""Rate limits, shared by the API, the form and the login lockout: what a caller is counted
by, and a count per window that every worker and host shares.

The counts live in Django's default cache and go up atomically. Redis has INCR. Django's
database cache has no incr of its own: BaseCache.incr reads the value and then writes it
back in a second statement, outside any transaction, so two workers can both read 5 and
both write 6 (and the write gives the row the default five-minute timeout). Here the read
and the write happen inside one transaction that holds the counter's row (limit_counts.py).
"""

import ipaddress
import math
import time

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.db import DatabaseError
from ninja.conf import settings as ninja_settings
from ninja.throttling import BaseThrottle, SimpleRateThrottle

from .limit_counts import counted_in


def client_network(request) -> str | None:
    """What a caller is counted by: the TCP peer's address, or with NINJA_NUM_PROXIES proxies
    in front, the address the outermost of them was given. IPv4 as it is; IPv6 as its /64,
    written as the network's first address, since one subscriber is handed a whole /64 and
    could take a fresh address for every request. None when there is no valid address."""
    try:
        address = ipaddress.ip_address(BaseThrottle().get_ident(request))
    except ValueError:
        return None
    if address.version == 4:
        return str(address)
    if address.ipv4_mapped:  # ::ffff:203.0.113.5 is an IPv4 client on a dual-stack socket
        return str(address.ipv4_mapped)
    return str(ipaddress.IPv6Network((int(address), 64), strict=False).network_address)


def window_count(key: str, seconds: int) -> tuple[int, float]:
    """Count one call against `key` in the current fixed window of `seconds` (windows start
    at multiples of `seconds` on the clock); return the calls counted in that window so far,
    this one included, and the seconds left until it ends."""
    now = time.time()
    end = (int(now) // seconds + 1) * seconds
    timeout = math.ceil(end - now)  # whole seconds: Redis keeps no finer expiry through Django
    cache = caches["default"]
    if isinstance(cache, DatabaseCache):
        try:
            return counted_in(cache, key, end, timeout), end - now
        except DatabaseError:
            # A database that refuses writes (read-only, say) counts nothing, as the database
            # cache's own writes fail silently: reads go on, and writes fail anyway. SQLite
            # gets here, refusing even BEGIN IMMEDIATE; PostgreSQL's refusals stay inside.
            return 0, end - now
    cache.add(key, 0, timeout)
    try:
        count = cache.incr(key)  # Redis INCR: atomic, and the key keeps its expiry
    except ValueError:  # the window ended between add and incr
        return window_count(key, seconds)
    if count == 1:  # Django checks the key exists, then INCRs: one that expired in between
        cache.touch(key, timeout)  # would come back without an expiry and never end
    return count, end - now


class WindowThrottle:
    """Mixed into ninja's SimpleRateThrottle classes: counts by client_network in
    window_count, where ninja keeps a list of times that each worker reads and writes back
    whole (losing the calls other workers counted meanwhile), and reads the rate on every
    call, so a changed setting takes effect at once."""

    def current_rate(self) -> str | None:
        return ninja_settings.DEFAULT_THROTTLE_RATES[self.scope]

    def get_ident(self, request) -> str | None:
        return client_network(request)

    def allow_request(self, request) -> bool:
        self.num_requests, self.duration = self.parse_rate(self.current_rate())
        self.key = None if self.num_requests is None else self.get_cache_key(request)
        if self.key is None:
            return True
        count, self.left = window_count(self.key, self.duration)
        return count <= self.num_requests

    def wait(self) -> float:
        """Seconds until the window that refused the call ends."""
        return self.left


class FormThrottle(WindowThrottle, SimpleRateThrottle):
    """The form's POSTs, per client network, at settings.FORM_RATE (None: no limit)."""

    scope = "form"

    def __init__(self):
        """Nothing to read at start: current_rate() reads the setting on every call."""

    def current_rate(self) -> str | None:
        return settings.FORM_RATE

    def get_cache_key(self, request) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
