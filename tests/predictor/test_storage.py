"""The hand-written insert of prediction rows stays in step with the model it writes."""

from predictor.models import Prediction
from predictor.storage import COLUMNS


def test_the_insert_names_every_field_of_a_prediction():
    # A field added to Prediction later must be given a value by predictor/storage.py too.
    assert sorted(COLUMNS) == sorted(f.name for f in Prediction._meta.concrete_fields if not f.primary_key)


def test_a_prediction_from_the_service_is_the_row_it_saved(active_version, valid_record):
    import mlcore
    from predictor.services import prediction_create

    prediction = prediction_create(inputs={**valid_record, "age": 39.0}, source="web")
    row = Prediction.objects.get()
    assert (row.pk, row.inputs, row.source) == (prediction.id, prediction.inputs, "web")
    assert (row.probability, row.label, row.model_version) == (prediction.probability, prediction.label, active_version)
    assert row.created_at == prediction.created_at and row.inputs["age"] == 39
    # The row keeps the compact form; the page gets the full one, with no second reading.
    assert row.explanation == mlcore.compact(prediction.explanation)
    assert mlcore.expand(row.explanation, row.inputs) == prediction.explanation
