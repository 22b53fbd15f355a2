"""What a soak found: the counts, the failures, and a summary for people."""

from dataclasses import dataclass, field

from tests.soak.base_client import Tally
from tests.soak.hostile import hostile_failures, hostile_summary
from tests.soak.serving import WORKERS


@dataclass
class SoakReport:
    db: str
    seconds: float
    clients: int
    load: Tally = field(default_factory=Tally)
    form_stored: int = 0
    api_missing: list[int] = field(default_factory=list)
    api_stored: int = 0
    integrity: str = ""
    active_versions: int = 0
    killed_worker: int | None = None
    replaced_in: float | None = None
    retrain_exit_codes: list[int] = field(default_factory=list)
    big_answers: list[tuple[float, int]] = field(default_factory=list)  # (seconds, bytes) each
    healthz_times: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    @property
    def form_answered(self) -> int:
        return self.load.form_answered

    @property
    def api_answered(self) -> int:
        return len(self.load.api_ids)

    @property
    def server_errors(self) -> int:
        return sum(count for status, count in self.load.statuses.items() if status >= 500)


def failures(report: SoakReport, integrity_ok: bool) -> list[str]:
    found = []
    if report.api_missing:
        found.append(f"{len(report.api_missing)} answered API ids not in the database: {report.api_missing[:10]}")
    if report.form_stored < report.form_answered:
        found.append(f"{report.form_answered} form predictions answered but only {report.form_stored} stored")
    if not integrity_ok:
        found.append(f"integrity: {report.integrity}")
    if report.active_versions != 1:
        found.append(f"{report.active_versions} active model versions, not 1")
    if report.server_errors:
        found.append(f"{report.server_errors} answers with a 5xx status")
    if report.load.unexpected:
        # Neither a prediction nor a dropped connection: the load was refused or misanswered.
        examples = "\n  ".join(report.load.examples)
        found.append(f"{report.load.unexpected} answers other than a prediction, e.g.:\n  {examples}")
    if report.load.crashes:
        found.append("clients stopped by an error: " + "; ".join(report.load.crashes))
    if not report.form_answered or not report.api_answered:
        found.append("no load: the form or the API answered no prediction at all")
    if report.replaced_in is None:
        found.append(f"killed worker {report.killed_worker} was not replaced")
    if report.retrain_exit_codes != [0, 0]:
        found.append(f"retrain exit codes {report.retrain_exit_codes}, expected [0, 0]")
    return found + hostile_failures(report.big_answers, report.healthz_times, report.seconds)


def summary(report: SoakReport) -> str:
    statuses = ", ".join(f"{status}: {count}" for status, count in sorted(report.load.statuses.items())) or "none"
    resets = ", ".join(f"{name}: {count}" for name, count in report.load.connection_errors.most_common()) or "none"
    replaced = "no" if report.replaced_in is None else f"yes, {WORKERS} workers again after {report.replaced_in:.2f} s"
    lines = [
        f"Soak on {report.db}: {report.seconds:g} s, {report.clients} clients, {WORKERS} gunicorn workers",
        f"  requests sent            {report.load.sent}",
        f"  answers by status        {statuses}",
        f"  connection errors        {sum(report.load.connection_errors.values())} ({resets})",
        f"  5xx answers              {report.server_errors}",
        f"  not a prediction         {report.load.unexpected} answer(s) (5xx included)",
        f"  API ids answered         {report.api_answered}; found in the database "
        f"{report.api_answered - len(report.api_missing)}; API rows stored {report.api_stored} "
        f"(+{report.api_stored - report.api_answered} committed but not answered)",
        f"  form predictions         {report.form_answered} answered; {report.form_stored} 'web' rows stored "
        f"(+{report.form_stored - report.form_answered} committed but not answered)",
        f"  integrity                {report.integrity}; {report.active_versions} active model version",
        f"  killed worker replaced   {replaced} (killed pid {report.killed_worker})",
        f"  retrain exit codes       {report.retrain_exit_codes}",
        *hostile_summary(report.big_answers, report.healthz_times),
    ]
    verdict = ["PASSED"] if not report.failures else ["FAILED:", *(f"  - {failure}" for failure in report.failures)]
    return "\n".join(lines + verdict)
