"""What every page's header needs: the site's name, where the visitor is, and what they may open.

It sits in predictor, as Django's own sit in their apps (django.contrib.auth.context_processors),
rather than in censussite: the header is the chrome of predictor's pages, and predictor's
modules never import censussite.
"""

from functools import partial
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse

from .batch.forms import may_upload

LOGIN = "predictor:login"


def _sign_in_url(request, here: str) -> str:
    """The sign-in page, coming back here afterwards; on that page itself, its own address,
    so that the `next` it was given is kept."""
    if here == LOGIN:
        return request.get_full_path()
    return f"{reverse(LOGIN)}?{urlencode({'next': request.get_full_path()})}"


def site(request) -> dict:
    match = getattr(request, "resolver_match", None)
    here = match.view_name if match else ""
    user = getattr(request, "user", None)
    return {
        # Not "site_name": Django's LoginView puts the request's host under that name.
        "site_title": settings.SITE_NAME,
        "here": here,
        # Callables too (a template calls them when it reads them): the form's htmx answer
        # shows no header, and working out the address cost it a twentieth of its time.
        "sign_in_url": partial(_sign_in_url, request, here),
        # A callable, which the template calls only where the header asks: a page that never
        # shows the header loads no user for it.
        "may_score_files": partial(may_upload, user) if user is not None else False,
    }
