from django.conf import settings
from django.contrib.staticfiles.management.commands.runserver import Command as StaticFilesRunserver
from django.core.management.base import CommandError


class Command(StaticFilesRunserver):
    """Django's development server, refusing to start where it could only answer errors.

    With DEBUG off, static files need `collectstatic` and pages redirect to HTTPS, which this
    server does not speak; so rather than serve a 500 on every page, it says what to set.
    """

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "runserver is for development: start it with DJANGO_DEBUG=1 (as `make run` does), "
                "or serve production with `make serve`"
            )
        super().handle(*args, **options)
