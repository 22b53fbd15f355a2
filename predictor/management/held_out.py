"""The held-out figures as `manage.py retrain` takes them (--min-auc) and prints them: the
candidate's beside the active version's on the same rows, so an operator sees what the
gate compares."""

import argparse
from pathlib import Path

METRICS = [
    ("ROC AUC", "roc_auc", ".4f"),
    ("accuracy", "accuracy", ".4f"),
    ("log loss", "log_loss", ".4f"),
    ("Brier score", "brier", ".4f"),
    ("base rate (>50K)", "base_rate", ".4f"),
    ("rows used (train)", "rows_train", "d"),
    ("rows used (test)", "rows_test", "d"),
]


def held_out_lines(version, built, active, beside) -> list[str]:
    """The candidate's held-out figures, each beside the active version's on the same rows
    when there is one (`beside`), then the ROC AUC the gate compares, in one line."""
    metrics, rows = built.trained.metrics, built.trained.metrics["rows_test"]
    name, said = Path(built.reports[1].path).name, []
    also = f", the active version {active.pk} beside it on the same rows" if beside else ""
    said.append(f"Held-out metrics on {name}, {rows:,} rows (version {version.pk}{also}):")
    for label, key, spec in METRICS:
        line = f"  {label:<18} {format(metrics[key], spec):>8}"
        if beside and beside[key] is not None:
            line += f" {format(beside[key], spec):>10}"
        said.append(line)
    versus = f"active version {active.pk} {beside['roc_auc']:.4f}" if beside else "no active version to compare"
    said.append(f"ROC AUC on {name} ({rows:,} rows): candidate {metrics['roc_auc']:.4f}, {versus}")
    return said


def roc_auc(text: str) -> float:
    """A ROC AUC given on the command line: a number from 0 to 1 (argparse names the flag)."""
    value = float(text)
    if not 0 <= value <= 1:  # NaN included
        raise argparse.ArgumentTypeError(f"{text} is not a ROC AUC, a number from 0 to 1")
    return value
