import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

import mlcore
from predictor.models import ModelVersion
from predictor.registry import ModelUnloadable, NoActiveModel, active_model
from predictor.services import model_version_activate, model_version_create


class Command(BaseCommand):
    help = "Train a model version on the census data, report held-out metrics and activate it if good enough."
    # The system checks validate what serves requests (URLs, the API, admin), which this
    # command never touches; importing all of it for them cost a tenth of a second.
    # `manage.py check`, migrate and the servers still run them.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--data", default=str(settings.DATA_DIR / "adult.data"), help="training split")
        parser.add_argument("--test-data", default=str(settings.DATA_DIR / "adult.test"), help="held-out split")
        parser.add_argument("--features", default="seed", help="seed, full, or a comma-separated list of features")
        parser.add_argument("--algorithm", default="logreg", choices=mlcore.ALGORITHMS)
        parser.add_argument("--min-auc", type=float, default=0.0, help="activate only at or above this ROC AUC")
        parser.add_argument(
            "--max-drop",
            type=float,
            default=None,
            help="activate only if the ROC AUC is at most this much below the active version's (e.g. 0.005)",
        )
        parser.add_argument("--no-activate", action="store_true", help="save the version but leave the active one")
        parser.add_argument(
            "--if-none-active", action="store_true", help="do nothing when a loadable version is already active"
        )

    def handle(self, *args, **options):
        if options["if_none_active"] and self._active_model_works():
            self.stdout.write("A model version is already active; nothing to do.")
            return
        start = time.perf_counter()
        active = ModelVersion.objects.filter(is_active=True).first()
        try:
            built = self._build(options)
        except ValueError as error:  # DatasetError included: one line, no traceback
            raise CommandError(str(error)) from None
        version = model_version_create(
            artifact=built.artifact, card=built.card, test_scores=built.test_scores, profile=built.profile
        )
        self._print_metrics(version, built.trained.metrics, active, time.perf_counter() - start)
        self._maybe_activate(version, built.trained.metrics["roc_auc"], active, options)

    def _active_model_works(self) -> bool:
        try:
            active_model()
        except NoActiveModel:
            return False
        except ModelUnloadable as error:
            self.stdout.write(f"The active version cannot be loaded ({error.reason}); training a new one.")
            return False
        return True

    def _build(self, options):
        names = mlcore.resolve_features(options["features"])
        splits = mlcore.load_splits(options["data"], options["test_data"], names)
        for report in splits[2:]:
            self.stdout.write(f"Read {report.summary()}")
        self.stdout.write(f"Training {options['algorithm']} on {len(names)} features: {', '.join(names)}")
        preset = options["features"] if options["features"] in mlcore.PRESETS else "custom"
        return mlcore.build(options["data"], options["test_data"], names, options["algorithm"], preset, splits=splits)

    def _print_metrics(self, version, metrics, active, seconds):
        self.stdout.write(f"Saved model version {version.pk} ({seconds:.1f} s)")
        rows = [
            ("ROC AUC", "roc_auc", ".4f"),
            ("accuracy", "accuracy", ".4f"),
            ("log loss", "log_loss", ".4f"),
            ("Brier score", "brier", ".4f"),
            ("base rate (>50K)", "base_rate", ".4f"),
            ("rows used (train)", "rows_train", "d"),
            ("rows used (test)", "rows_test", "d"),
        ]
        beside = f", the active version {active.pk} beside it" if active is not None else ""
        self.stdout.write(f"Held-out metrics on the test split (version {version.pk}{beside}):")
        for name, key, spec in rows:
            line = f"  {name:<18} {format(metrics[key], spec):>8}"
            if active is not None and key in active.metrics:
                line += f" {format(active.metrics[key], spec):>10}"
            self.stdout.write(line)

    def _refusal(self, version, auc, active, options) -> str | None:
        """Why this candidate must stay inactive, or None."""
        if auc < options["min_auc"]:
            return f"ROC AUC {auc:.4f} is below --min-auc {options['min_auc']}"
        if options["max_drop"] is not None and active is not None:
            drop = active.metrics["roc_auc"] - auc
            if drop > options["max_drop"]:
                return (
                    f"ROC AUC {auc:.4f} is {drop:.4f} below the active version {active.pk}'s "
                    f"{active.metrics['roc_auc']:.4f}, more than --max-drop {options['max_drop']}"
                )
        return None

    def _maybe_activate(self, version, auc, active, options):
        if options["no_activate"]:
            self.stdout.write(f"Not activated (--no-activate); activate with: manage.py activate_model {version.pk}")
            return
        reason = self._refusal(version, auc, active, options)
        if reason:
            raise CommandError(f"{reason}: version {version.pk} saved, not activated")
        model_version_activate(version=version, by="manage.py retrain")
        self.stdout.write(self.style.SUCCESS(f"Activated model version {version.pk}"))
