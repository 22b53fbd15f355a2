from django.core.management.base import BaseCommand, CommandError

from predictor.monitoring.forms import SOURCES, parse_sources
from predictor.monitoring.selectors import drift_report


def _per_source(window: dict) -> str:
    parts = ", ".join(f"{n} from {source}" for source, n in window["by_source"].items())
    return f": {parts}" if parts else ""


class Command(BaseCommand):
    help = (
        "Compare recent inputs with the active model's training inputs, per input (PSI, "
        "Jensen-Shannon distance, band, log-odds shift). Exits non-zero when any input is in "
        "the 'act' band, for cron."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--source", help=f"only predictions from these sources, comma-separated ({', '.join(SOURCES)}); default all"
        )

    def handle(self, *args, **options):
        try:
            sources = parse_sources(options["source"])
        except ValueError as error:
            raise CommandError(f"--{error}") from None
        report = drift_report(sources=sources)
        window = report["window"]
        if window["version"] is None:
            raise CommandError("No model can answer, so there is nothing to compare; run `manage.py retrain`.")
        span = f"the last {window['rows']} predictions" if window["rows"] else f"the last {window['days']} days"
        self.stdout.write(
            f"Inputs of {span} by model version {window['version']} ({window['rows_found']} rows"
            f"{_per_source(window)}) against its training inputs:"
        )
        if not report["drift"]:
            self.stdout.write("This version has no training profile (trained before drift was measured); retrain it.")
            return
        if report["drift"][0]["psi"] is None:
            self.stdout.write(f"Too few recent rows to say ({window['rows_found']}); nothing is guessed.")
            return
        shift = report["shift"] or {}
        self.stdout.write(f"  {'input':<16} {'PSI':>8} {'JS':>8}  {'band':<7} {'log-odds shift':>14}")
        for row in report["drift"]:
            moved = f"{shift[row['feature']]:+.3f}" if row["feature"] in shift else ""
            self.stdout.write(
                f"  {row['feature']:<16} {row['psi']:>8.4f} {row['js']:>8.4f}  {row['band']:<7} {moved:>14}"
            )
        act = [row["feature"] for row in report["drift"] if row["band"] == "act"]
        if act:
            raise CommandError(f"{len(act)} input(s) in the 'act' band (PSI > 0.25): {', '.join(act)}")
        self.stdout.write(self.style.SUCCESS("No input is in the 'act' band."))
