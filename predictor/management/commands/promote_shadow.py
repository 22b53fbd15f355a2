from django.core.management.base import BaseCommand, CommandError

import mlcore
from predictor.services import ShadowRefused, shadow_promote


def _figure(value) -> str:
    return "n/a" if value is None else f"{value:.4f}"


class Command(BaseCommand):
    help = (
        "Make the shadow version the active one, judged on the live rows both versions scored: refused "
        "when its ROC AUC on the outcomes recorded is more than --max-drop below the active version's."
    )

    def add_arguments(self, parser):
        parser.add_argument("--max-drop", type=float, default=0.005, help="the largest live ROC AUC drop allowed")
        parser.add_argument("--force", action="store_true", help="promote whatever the figures say, and say so")

    def handle(self, *args, **options):
        try:
            version = shadow_promote(
                by="manage.py promote_shadow", max_drop=options["max_drop"], force=options["force"]
            )
        except (ShadowRefused, mlcore.ArtifactError) as error:
            forcing = " (--force promotes it anyway)" if getattr(error, "forceable", False) else ""
            raise CommandError(f"{error}{forcing}") from None
        figures = version.promotion
        self.stdout.write(
            f"Compared on {figures['compared']:,} predictions, {figures['outcomes']:,} with outcomes: agreement "
            f"{_figure(figures['agreement'])}; live ROC AUC active {_figure(figures['active']['roc_auc'])}, "
            f"shadow {_figure(figures['candidate']['roc_auc'])}"
        )
        forced = f" despite the figures (--force): {figures['forced']}" if figures["forced"] else ""
        self.stdout.write(self.style.SUCCESS(f"Promoted model version {version.pk} to active{forced}"))
