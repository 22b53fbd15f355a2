"""The hand-written insert of prediction rows stays in step with the model it writes."""

from predictor.models import Prediction
from predictor.storage import COLUMNS


def test_the_insert_names_every_field_of_a_prediction():
    # A field added to Prediction later must be given a value by predictor/storage.py too.
    assert sorted(COLUMNS) == sorted(f.name for f in Prediction._meta.concrete_fields if not f.primary_key)


def test_a_prediction_from_the_service_is_a_saved_row(active_version, valid_record):
    from predictor.services import prediction_create

    prediction = prediction_create(inputs={**valid_record, "age": 39.0}, source="web")
    assert not prediction._state.adding
    prediction.refresh_from_db()
    assert prediction.inputs["age"] == 39 and prediction.source == "web"
    assert Prediction.objects.count() == 1
