import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

import mlcore
from predictor.management.held_out import held_out_lines, roc_auc
from predictor.models import ModelVersion
from predictor.registry import load_version
from predictor.services import ShadowRefused, model_version_activate, model_version_create, model_version_shadow


class Command(BaseCommand):
    help = (
        "Train a model version on the census data, score it and the active version on the same held-out "
        "rows, and activate it unless its ROC AUC falls more than --max-drop below the active one's."
    )
    # The system checks validate what serves requests (URLs, the API, admin), which this
    # command never touches; importing all of it for them cost a tenth of a second.
    # `manage.py check`, migrate and the servers still run them.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--data", default=str(settings.DATA_DIR / "adult.data"), help="training split")
        parser.add_argument("--test-data", default=str(settings.DATA_DIR / "adult.test"), help="held-out split")
        parser.add_argument("--features", default="seed", help="seed, full, or a comma-separated list of features")
        parser.add_argument("--algorithm", default="logreg", choices=mlcore.ALGORITHMS)
        parser.add_argument("--min-auc", type=roc_auc, default=0.80, help="never activate below this ROC AUC")
        parser.add_argument(
            "--max-drop",
            type=float,
            default=0.005,
            help="activate only if the ROC AUC is at most this much below the active version's on the same rows",
        )
        choice = parser.add_mutually_exclusive_group()
        choice.add_argument("--force", action="store_true", help="activate whatever the gate says, and say so")
        choice.add_argument("--no-activate", action="store_true", help="save the version but leave the active one")
        choice.add_argument(
            "--shadow", action="store_true", help="save the version and shadow it: scored beside the active one, unseen"
        )
        parser.add_argument(
            "--if-none-active", action="store_true", help="do nothing when a loadable version is already active"
        )

    def handle(self, *args, **options):
        active = ModelVersion.objects.filter(is_active=True).first()
        incumbent = self._load(active)
        if options["if_none_active"] and incumbent is not None:
            self.stdout.write("A model version is already active; nothing to do.")
            return
        if options["shadow"]:
            self._check_shadow(options, active)
        start = time.perf_counter()
        try:
            built = self._build(options, incumbent)
        except ValueError as error:  # DatasetError included: one line, no traceback, nothing saved
            raise CommandError(str(error)) from None
        version = model_version_create(
            artifact=built.artifact, card=built.card, test_scores=built.test_scores, profile=built.profile
        )
        self.stdout.write(f"Saved model version {version.pk} ({time.perf_counter() - start:.1f} s)")
        # The active version's figures on the candidate's rows; its training rows are its own.
        beside = built.incumbent_metrics
        if beside is not None:
            beside = beside | {"rows_train": active.metrics.get("rows_train")}
        for line in held_out_lines(version, built, active, beside):
            self.stdout.write(line)
        self._maybe_activate(version, built, active, beside, options)

    def _check_shadow(self, options, active):
        """Refuse --shadow before any training when the candidate could not shadow: a shadow
        answers from the inputs the form and the API ask for, the active version's."""
        if active is None:
            raise CommandError("--shadow needs an active version to shadow; retrain without it first")
        names, theirs = list(mlcore.resolve_features(options["features"])), list(active.metadata["features"])
        if names != theirs:
            differ = sorted(set(names) ^ set(theirs)) or ["their order"]
            raise CommandError(
                f"--shadow: features {options['features']!r} differ from the active version {active.pk}'s in "
                f"{', '.join(differ)}; a shadow takes the active version's inputs ({', '.join(theirs)})"
            )

    def _load(self, active):
        """The active version's predictor, to score on the candidate's rows; None when there
        is none or it cannot be loaded (then the candidate is a first model)."""
        if active is None:
            return None
        try:
            return load_version(active)
        except mlcore.ArtifactError as error:
            self.stdout.write(
                f"The active version {active.pk} cannot be loaded ({error}); training a new one, "
                "held to --min-auc alone."
            )
            return None

    def _build(self, options, incumbent):
        names = mlcore.resolve_features(options["features"])
        also = incumbent.schema.names if incumbent is not None else ()
        splits = mlcore.load_splits(options["data"], options["test_data"], names, also=also)
        for report in splits[2:]:
            self.stdout.write(f"Read {report.summary()}")
        if extra := [name for name in also if name not in names]:  # counted above, not trained on
            self.stdout.write(f"(also read, to score the active version on the same rows: {', '.join(extra)})")
        self.stdout.write(f"Training {options['algorithm']} on {len(names)} features: {', '.join(names)}")
        preset = options["features"] if options["features"] in mlcore.PRESETS else "custom"
        paths = options["data"], options["test_data"]
        return mlcore.build(*paths, names, options["algorithm"], preset, splits=splits, incumbent=incumbent)

    def _refusal(self, built, active, beside, options) -> str | None:
        """Why this candidate must stay inactive, or None. The comparison on the same rows
        comes first: it says more than the floor when both fail."""
        auc = built.trained.metrics["roc_auc"]
        # Rounded as the figures are stored, so a drop of exactly the margin passes.
        drop = round(beside["roc_auc"] - auc, 6) if beside else None
        if drop is not None and drop > options["max_drop"]:
            rows, name = built.trained.metrics["rows_test"], Path(built.reports[1].path).name
            return (
                f"ROC AUC {auc:.4f} is {drop:.4f} below the active version {active.pk}'s {beside['roc_auc']:.4f} "
                f"on the same {rows:,} rows of {name}, more than --max-drop {options['max_drop']}"
            )
        if auc < options["min_auc"]:
            return f"ROC AUC {auc:.4f} is below --min-auc {options['min_auc']}"
        return None

    def _maybe_activate(self, version, built, active, beside, options):
        if options["shadow"]:
            try:
                model_version_shadow(version=version, by="manage.py retrain --shadow")
            except (ShadowRefused, mlcore.ArtifactError) as error:
                raise CommandError(f"{error}: version {version.pk} saved, not shadowed") from None
            self.stdout.write(
                self.style.SUCCESS(
                    f"Shadowing with model version {version.pk}: it scores every "
                    "prediction beside the active one; compare on the dashboard, then `manage.py promote_shadow`"
                )
            )
            return
        if options["no_activate"]:
            self.stdout.write(f"Not activated (--no-activate); activate with: manage.py activate_model {version.pk}")
            return
        reason = self._refusal(built, active, beside, options)
        if reason and not options["force"]:
            raise CommandError(f"{reason}: version {version.pk} saved, not activated")
        model_version_activate(version=version, by="manage.py retrain")
        forced = f" despite the gate (--force): {reason}" if reason else ""
        self.stdout.write(self.style.SUCCESS(f"Activated model version {version.pk}{forced}"))
