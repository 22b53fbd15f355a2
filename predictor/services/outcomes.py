"""Outcomes: what truly happened to predicted people, one by one or in bulk, and a staff
correction."""

from django.db import IntegrityError, transaction
from django.utils import timezone

import mlcore

from ..models import ApiKey, Outcome, Prediction


class OutcomeConflict(Exception):
    """The prediction already has a different outcome; the message says which."""


# Why a different outcome is refused, and who can set it right.
NOT_REWRITTEN = "a different one is refused (staff correct a wrong outcome in the admin)"


def outcome_record(*, prediction: Prediction, earns_over_50k: bool, by: str) -> tuple[Outcome, bool]:
    """Record what truly happened to a predicted person: (outcome, created). One per
    prediction: the same value again is accepted and changes nothing; a different one
    raises OutcomeConflict, so a recorded truth is never silently rewritten."""
    outcome, created = Outcome.objects.get_or_create(
        prediction=prediction, defaults={"earns_over_50k": earns_over_50k, "recorded_by": by}
    )
    if outcome.earns_over_50k != earns_over_50k:
        said = "over" if outcome.earns_over_50k else "at most"
        raise OutcomeConflict(
            f"prediction {prediction.pk} already has an outcome (income {said} $50K, recorded "
            f"{outcome.recorded_at:%Y-%m-%d %H:%M} UTC by {outcome.recorded_by}); {NOT_REWRITTEN}"
        )
    return outcome, created


MAX_OUTCOMES = 10_000  # per call: one API request or one uploaded file
MAX_ID = 2**63 - 1  # prediction ids are 64-bit: a larger number cannot name one


def outcomes_record(*, items: list[tuple[int, bool]], by: str, api_key: ApiKey | None = None) -> tuple[int, int]:
    """Record many outcomes, all or none: (recorded, unchanged), each item a (prediction id,
    earns_over_50k) pair. With `api_key`, only the predictions that key made can be given
    one (any other id is "not found", as for an id that does not exist); without, any.

    The same rule as outcome_record, item by item: the value already recorded changes
    nothing, a different one is refused. Raises mlcore.RecordError listing every bad item
    by its index (nothing stored), or OutcomeConflict should another request record one of
    them at the same moment.
    """
    ids = [pk for pk, _ in items]
    rows = Prediction.objects.filter(pk__in=ids)
    found = set((rows.filter(api_key=api_key) if api_key else rows).values_list("pk", flat=True))
    known = dict(Outcome.objects.filter(prediction_id__in=ids).values_list("prediction_id", "earns_over_50k"))
    errors, new = [], {}
    for index, (pk, value) in enumerate(items):
        if pk not in found:
            errors.append({"index": index, "field": "prediction", "message": f"prediction {pk} not found"})
            continue
        said = known.get(pk, new.get(pk))
        if said is not None and said != value:
            words = "over" if said else "at most"
            message = f"prediction {pk} already has the outcome income {words} $50K; {NOT_REWRITTEN}"
            errors.append({"index": index, "field": "earns_over_50k", "message": message})
        elif pk not in known:
            new[pk] = value
    if errors:
        raise mlcore.RecordError(errors)
    try:
        with transaction.atomic():
            Outcome.objects.bulk_create(
                [Outcome(prediction_id=pk, earns_over_50k=value, recorded_by=by) for pk, value in new.items()]
            )
    except IntegrityError:
        raise OutcomeConflict("another request recorded some of these outcomes at once; send them again") from None
    return len(new), len(items) - len(new)


def outcome_correct(*, outcome: Outcome, earns_over_50k: bool, by: str) -> Outcome:
    """Correct a recorded outcome that staff found wrong: the new value, who corrected it and
    when replace the old ones, so live accuracy counts the truth. Only staff correct (the API
    and uploads keep refusing a different value); the admin's log keeps what it was."""
    outcome.earns_over_50k, outcome.recorded_by, outcome.recorded_at = earns_over_50k, by, timezone.now()
    outcome.save(update_fields=["earns_over_50k", "recorded_by", "recorded_at"])
    return outcome
