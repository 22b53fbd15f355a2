from django.core.management.base import BaseCommand, CommandError

import mlcore
from predictor.models import ModelVersion
from predictor.services import ShadowRefused, model_version_shadow, shadow_clear


class Command(BaseCommand):
    help = (
        "Shadow a model version: every prediction is also scored by it and stored beside the active "
        "version's answer, which alone is shown. --off stops shadowing."
    )

    def add_arguments(self, parser):
        parser.add_argument("id", nargs="?", type=int, help="the model version to shadow")
        parser.add_argument("--off", action="store_true", help="stop shadowing (the rows scored so far are kept)")

    def handle(self, *args, **options):
        if options["off"] == (options["id"] is not None):
            raise CommandError("give either a version id to shadow or --off")
        if options["off"]:
            cleared = shadow_clear()
            self.stdout.write("Shadowing stopped." if cleared else "No version was shadowing.")
            return
        try:
            version = ModelVersion.objects.get(pk=options["id"])
        except ModelVersion.DoesNotExist:
            raise CommandError(f"there is no model version {options['id']}") from None
        try:
            model_version_shadow(version=version, by="manage.py shadow_model")
        except (ShadowRefused, mlcore.ArtifactError) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(f"Model version {version.pk} now shadows every prediction."))
