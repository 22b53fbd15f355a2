from django.core.management.base import BaseCommand, CommandError

from predictor.models import ApiKey
from predictor.services import api_key_create


class Command(BaseCommand):
    help = "Create an API key and print it, alone on the last line. It is shown only this once."

    def add_arguments(self, parser):
        parser.add_argument("name", help="who or what the key is for, e.g. 'billing service'")
        parser.add_argument(
            "--scope",
            action="append",
            choices=ApiKey.Scope.values,
            dest="scopes",
            help="predict (several records at once) or read (fetch its own predictions); repeat for both; default both",
        )

    def handle(self, *args, name, scopes, **options):
        if not name.strip():
            raise CommandError("give the key a name that says who uses it, e.g. 'billing service'")
        key, secret = api_key_create(name=name, scopes=scopes or ApiKey.Scope.values, by="manage.py create_api_key")
        self.stdout.write(f"Created API key {key.name!r} ({key.prefix}) with scopes: {', '.join(key.scopes)}.")
        self.stdout.write("Store it now: only its hash is kept, so it cannot be shown again.")
        self.stdout.write(secret)
