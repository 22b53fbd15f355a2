"""HEAD on the JSON API, answered as its GET would be, without the body.

HTTP asks a server to take HEAD wherever it takes GET (RFC 9110, section 9.3.2), and uptime
monitors and `curl -I` send it to check an address; django-ninja routes only the methods an
operation names, so a HEAD to /api/v1/model was a 405. The pages take HEAD already (Django's
`require_safe`). Here each of the API's views takes a HEAD as the GET it stands for, with the
same keys, scopes and rate limits, and answers with the GET's headers and no body.

The API's URL patterns are wrapped rather than a middleware added, which would run on every
request, the form's POST among them; the form measured 1.00x to 1.01x with this in place
(bench/form_post_vs.py, 2026-12-06).
"""

import functools

from django.urls import URLPattern


def taking_head(urls: tuple) -> tuple:
    """`api.urls` (patterns, app name, namespace) with every view taking HEAD as GET."""
    patterns, app_name, namespace = urls
    return [_taking_head(pattern) for pattern in patterns], app_name, namespace


def _taking_head(pattern):
    if not isinstance(pattern, URLPattern):
        return pattern
    view = pattern.callback

    @functools.wraps(view)  # keeps what ninja marked on it, csrf_exempt among them
    def head_as_get(request, *args, **kwargs):
        if request.method != "HEAD":
            return view(request, *args, **kwargs)
        request.method = "GET"
        response = view(request, *args, **kwargs)
        if not response.streaming:
            # What the GET would weigh, as HEAD promises; gunicorn would drop the body anyway.
            length = len(response.content)
            response.content = b""
            response["Content-Length"] = str(length)
        return response

    return URLPattern(pattern.pattern, head_as_get, pattern.default_args, pattern.name)
