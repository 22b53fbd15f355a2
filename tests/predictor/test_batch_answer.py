"""An API batch's rows on PostgreSQL travel while its answer is written (storage_batch.py):
a refusal by the database still raises, and an answer that fails leaves nothing stored that
is not counted. Each test commits, as the site does."""

import pytest
from django.db import IntegrityError, connection
from django.utils import timezone
from prometheus_client import REGISTRY

from predictor.models import Prediction
from predictor.registry import active_model
from predictor.services import api_key_create, predictions_create_texts
from predictor.storage_batch import predictions_insert_texts

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def named(active_version):
    key, _ = api_key_create(name="batch", scopes=["predict"], by="tests")
    return {"model_version": active_version, "api_key": key}


def test_a_batch_the_database_refuses_raises_instead_of_answering(named):
    # On PostgreSQL the answer is written while the rows travel: the refusal must still win.
    with pytest.raises(IntegrityError):
        predictions_insert_texts(
            inputs=['{"age":30}', '{"age":40}'],
            explanations=["[0.1]", "[0.2]"],
            probabilities=[0.2, 0.7],
            labels=[False, True],
            created_at=timezone.now(),
            model_version_id=10**9,
            api_key_id=named["api_key"].pk,
            source="api",
            meanwhile=lambda ids: "answered",
        )
    assert not Prediction.objects.exists()


def test_a_batch_whose_answer_fails_is_counted_only_if_stored(named, valid_record):
    # PostgreSQL writes the answer inside the insert's transaction, so its failure rolls the
    # rows back; SQLite's are committed by then. Either way /metrics counts what is stored.
    labels = {"source": "api", "model_version": str(named["model_version"].pk)}
    before = REGISTRY.get_sample_value("censussite_predictions_total", labels) or 0.0

    def answer(stored):
        raise RuntimeError("the answer could not be written")

    with pytest.raises(RuntimeError):
        predictions_create_texts(
            records=[valid_record, {**valid_record, "age": 60}],
            source="api",
            model=active_model(),
            api_key=named["api_key"],
            answer=answer,
        )
    counted = (REGISTRY.get_sample_value("censussite_predictions_total", labels) or 0.0) - before
    assert counted == Prediction.objects.count() == (0 if connection.vendor == "postgresql" else 2)
