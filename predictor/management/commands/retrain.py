import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

import mlcore
from predictor.registry import ModelUnloadable, NoActiveModel, active_predictor
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
        parser.add_argument("--no-activate", action="store_true", help="save the version but leave the active one")
        parser.add_argument(
            "--if-none-active", action="store_true", help="do nothing when a loadable version is already active"
        )

    def handle(self, *args, **options):
        if options["if_none_active"] and self._active_model_works():
            self.stdout.write("A model version is already active; nothing to do.")
            return
        start = time.perf_counter()
        try:
            trained, reports = self._train(options)
        except ValueError as error:  # DatasetError included: one line, no traceback
            raise CommandError(str(error)) from None
        train_report, test_report = reports
        artifact = mlcore.dump(trained, {"train": train_report.sha256, "test": test_report.sha256})
        version = model_version_create(artifact=artifact)
        self._print_metrics(version, trained.metrics, time.perf_counter() - start)
        self._maybe_activate(version, trained.metrics["roc_auc"], options)

    def _active_model_works(self) -> bool:
        try:
            active_predictor()
        except NoActiveModel:
            return False
        except ModelUnloadable as error:
            self.stdout.write(f"The active version cannot be loaded ({error.reason}); training a new one.")
            return False
        return True

    def _train(self, options):
        names = mlcore.resolve_features(options["features"])
        train, train_report = self._load(options["data"], names)
        test, test_report = self._load(options["test_data"], names)
        self.stdout.write(f"Training {options['algorithm']} on {len(names)} features: {', '.join(names)}")
        preset = options["features"] if options["features"] in mlcore.PRESETS else "custom"
        trained = mlcore.train(train, test, names, options["algorithm"], preset)
        return trained, (train_report, test_report)

    def _load(self, path, names):
        frame, report = mlcore.load_dataset(path, names)
        self.stdout.write(f"Read {report.summary()}")
        return frame, report

    def _print_metrics(self, version, metrics, seconds):
        self.stdout.write(f"Saved model version {version.pk} ({seconds:.1f} s)")
        rows = [
            ("ROC AUC", f"{metrics['roc_auc']:.4f}"),
            ("accuracy", f"{metrics['accuracy']:.4f}"),
            ("log loss", f"{metrics['log_loss']:.4f}"),
            ("Brier score", f"{metrics['brier']:.4f}"),
            ("base rate (>50K)", f"{metrics['base_rate']:.4f}"),
            ("rows used (train)", str(metrics["rows_train"])),
            ("rows used (test)", str(metrics["rows_test"])),
        ]
        self.stdout.write("Held-out metrics on the test split:")
        for name, value in rows:
            self.stdout.write(f"  {name:<18} {value:>8}")

    def _maybe_activate(self, version, auc, options):
        if options["no_activate"]:
            self.stdout.write(f"Not activated (--no-activate); activate with: manage.py activate_model {version.pk}")
            return
        if auc < options["min_auc"]:
            raise CommandError(
                f"ROC AUC {auc:.4f} is below --min-auc {options['min_auc']}: version {version.pk} saved, not activated"
            )
        model_version_activate(version=version, by="manage.py retrain")
        self.stdout.write(self.style.SUCCESS(f"Activated model version {version.pk}"))
