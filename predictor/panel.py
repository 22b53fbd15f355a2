"""The result panel, drawn with Jinja: the one part of a page the form's htmx POST answers
with, on every change of a field.

The same markup in Django's template engine took about a third of that answer's time
(each variable looked up through several layers, each tag a node rendered in turn); Jinja
compiles a template to plain Python, and draws it about three times as fast. The page
around the panel stays Django's: `page_parts` hands it the panel and the summary line as
finished HTML, so the markup is written once, in templates/jinja2/predictor/panel.html.
"""

from django.template import engines
from django.utils.safestring import SafeString, mark_safe
from jinja2 import Environment

from .templatetags.reasons import reason_rows


def environment(**options) -> Environment:
    """The Jinja environment settings.TEMPLATES names: autoescaping as Django's backend sets it."""
    env = Environment(**options)
    env.globals["reason_rows"] = reason_rows  # its SafeString is HTML Jinja leaves as it is
    return env


def _template():
    # Straight from the environment: Django's wrapper would add the request and CSRF token,
    # which the panel never shows. Jinja keeps compiled templates (and reloads under DEBUG).
    return engines["jinja2"].env.get_template("predictor/panel.html")


def _context(context: dict, htmx: bool) -> dict:
    prediction = context.get("prediction")
    # round() as Django's widthratio rounds, so the page and the panel show one figure.
    percent = round(prediction.probability * 100) if prediction else None
    return {**context, "percent": percent, "htmx": htmx}


def panel_html(context: dict) -> str:
    """The panel's inside for `context` (the form, the prediction and its explanation) as
    an htmx answer: with the summary line and the fields' error slots, out of band."""
    return _template().render(_context(context, htmx=True))


def page_parts(context: dict) -> dict[str, SafeString]:
    """What predictor/index.html places: the panel and the summary line, as HTML."""
    module = _template().make_module(_context(context, htmx=False))  # drawn once, read twice
    # Jinja escaped every value already; mark_safe tells Django's engine so.
    return {"panel": mark_safe(str(module)), "summary": mark_safe(str(module.summary()))}  # noqa: S308
