from django.core.management.base import BaseCommand, CommandError

import mlcore
from predictor.models import ModelVersion
from predictor.services import model_version_activate


class Command(BaseCommand):
    help = "Make a saved model version the active one (for example, to roll back)."

    def add_arguments(self, parser):
        parser.add_argument("version_id", type=int)

    def handle(self, *args, version_id, **options):
        try:
            version = ModelVersion.objects.get(pk=version_id)
        except ModelVersion.DoesNotExist:
            known = ", ".join(str(pk) for pk in ModelVersion.objects.values_list("pk", flat=True)) or "none"
            raise CommandError(f"no model version {version_id}; saved versions: {known}") from None
        described = f"{version.get_algorithm_display()}, {version.preset} features"
        if version.is_active:
            # Activating it again would only restamp it, and make every process reload it.
            self.stdout.write(f"Model version {version.pk} ({described}) is already active; nothing changed.")
            return
        try:
            model_version_activate(version=version, by="manage.py activate_model")
        except mlcore.ArtifactError as error:
            raise CommandError(f"version {version_id} cannot be loaded: {error}") from None
        self.stdout.write(self.style.SUCCESS(f"Activated model version {version.pk} ({described})"))
