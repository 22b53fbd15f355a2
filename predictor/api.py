"""The JSON REST API (issue 4): to be built with django-ninja."""
