"""An API batch of a logistic model, stored and answered from text pieces
(mlcore.ExplainedText): the general path's figures, written without a dict per row."""

from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from ..models import ApiKey
from ..monitoring.counters import predictions_counted
from ..registry import ActiveModel
from ..storage_batch import StoredTexts, predictions_insert_texts
from ..stored import ShadowMark


def predictions_create_texts[T](
    *, records: list, source: str, model: ActiveModel, api_key: ApiKey, answer: Callable[[StoredTexts], T]
) -> T | None:
    """`predictions_create` for a batch of a logistic model, its rows and explanations put
    together as text (mlcore.ExplainedText), and `answer(stored)` made while they are stored
    and returned once they are; None, with nothing stored, when the model has no such
    pieces or any record is not plainly valid: `predictions_create` then answers, naming
    every problem."""
    texts = model.predictor.explained_text
    columns = texts.columns(records) if texts else None
    if columns is None:
        return None
    # The records passed the same checks as clean_many's quick one: cleaned but for key order.
    probabilities, labels = model.predictor.predict_cleaned(records)
    now, version_id = timezone.now(), model.version.pk

    def answered(ids: list[int]) -> T:
        # Counted once committed: inside the insert's transaction on PostgreSQL, which an
        # answer that fails rolls back; at once on SQLite, whose rows are committed by now.
        transaction.on_commit(
            lambda: predictions_counted(source=source, version_id=version_id, probabilities=probabilities)
        )
        return answer(StoredTexts(ids, texts.answered_json(columns), probabilities, labels, version_id, now))

    return predictions_insert_texts(
        inputs=texts.inputs_json(columns),
        explanations=texts.stored_json(columns),
        probabilities=probabilities,
        labels=labels,
        created_at=now,
        model_version_id=version_id,
        api_key_id=api_key.pk,
        source=source,
        shadow=ShadowMark(model.shadow_id) if model.shadow_id is not None else None,
        meanwhile=answered,
    )
