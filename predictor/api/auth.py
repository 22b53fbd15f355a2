"""Who may call what: API keys sent as `Authorization: Bearer <key>`, and rate limits.

Both are django-ninja's own mechanisms (an HttpBearer auth class, SimpleRateThrottle
subclasses); ours only decide the scope a route needs and what a throttle counts by. The
counting, per client network (an IPv6 /64) and atomic in the shared cache, is
predictor/limits.py's, which the form's limit and the login lockout use too.
"""

from django.conf import settings
from ninja.errors import AuthenticationError, AuthorizationError
from ninja.security import HttpBearer
from ninja.throttling import AnonRateThrottle, AuthRateThrottle

from ..limits import WindowThrottle
from ..models import ApiKey
from ..selectors import api_key_find
from ..services import api_key_touch

PREDICT, READ = ApiKey.Scope.PREDICT.value, ApiKey.Scope.READ.value


class Anonymous:
    """request.auth for a call without a key on a route that allows one (ninja needs a
    truthy value to let the call through)."""

    def __repr__(self):
        return "anonymous"


class ApiKeyAuth(HttpBearer):
    """A live key with one of `scopes` (any will do); with `anonymous`, no key at all too."""

    def __init__(self, *scopes: str, anonymous: bool = False):
        self.scopes, self.anonymous = frozenset(scopes), anonymous
        self.wanted = " or ".join(f"the '{scope}'" for scope in scopes) + " scope"
        super().__init__()

    def __call__(self, request):
        if not request.headers.get("Authorization"):
            if self.anonymous and settings.API_ANONYMOUS:
                return Anonymous()
            raise AuthenticationError(401, f"send a key with {self.wanted}: Authorization: Bearer <key>")
        key = super().__call__(request)
        if key is None:
            raise AuthenticationError(401, "the API key is not valid: send Authorization: Bearer <key> with a live key")
        return key

    def authenticate(self, request, token: str) -> ApiKey | None:
        key = api_key_find(token)
        if key is None:
            return None
        if not self.scopes & set(key.scopes):
            raise AuthorizationError(403, f"this API key ({key.prefix}) does not have {self.wanted}")
        api_key_touch(key=key)
        return key


def caller_key(request) -> ApiKey | None:
    auth = getattr(request, "auth", None)
    return auth if isinstance(auth, ApiKey) else None


class PerAddressThrottle(WindowThrottle, AnonRateThrottle):
    """Calls without a key, counted per client network (limits.client_network)."""

    def get_cache_key(self, request) -> str | None:
        if caller_key(request) is not None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class PerKeyThrottle(WindowThrottle, AuthRateThrottle):
    """Calls with a key, counted per key wherever they come from."""

    def get_cache_key(self, request) -> str | None:
        key = caller_key(request)
        if key is None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": key.pk}
