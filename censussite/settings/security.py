"""HTTPS, the security headers and policy, and lockouts after failed sign-ins."""

import os

from django.utils.csp import CSP

from .core import DEBUG, env_flag

# HTTPS by default (DEBUG aside): redirect, HSTS and cookies only sent over TLS.
# DJANGO_HTTPS=0 turns off exactly those three, for plain HTTP on a private address.
HTTPS = env_flag("DJANGO_HTTPS", default=not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]  # load balancers probe over plain HTTP
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000")) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_flag("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_flag("DJANGO_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
# Behind a TLS-terminating proxy, trust its X-Forwarded-Proto, and nothing else's: set this
# only when the proxy overwrites that header on every request.
if env_flag("DJANGO_TLS_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
ADMIN_URL = os.environ.get("DJANGO_ADMIN_URL", "admin/").strip("/") + "/"

# Failed admin logins: after 5 from one address for one user name, that pair is locked
# out for an hour (django-axes, counted in the database so every worker sees it).
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "locked_out.html"  # the site's own page (429), saying how long and what to do
# The same client the rate limits count (DJANGO_NUM_PROXIES decides which address; IPv6 by
# its /64), so behind a proxy a lockout holds back one client, not everyone at the proxy's
# address, and an IPv6 client cannot dodge it by taking another address from its /64.
AXES_CLIENT_IP_CALLABLE = "predictor.limits.client_network"

# Every request gets a new id, sent back as X-Request-ID and written on every log line, so
# the id a visitor reads off an error page finds its traceback in the log.
REQUEST_ID_RESPONSE_HEADER = "X-Request-ID"

# A strict Content-Security-Policy: everything from this origin, nothing inline. The page
# was built for it (no inline script or style; htmx told not to inject its own styles).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
