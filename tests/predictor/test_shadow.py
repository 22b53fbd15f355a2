"""A shadow version: scores every prediction beside the active one, never answers, never fails
a request, and is one at a time (the database says so)."""

import pytest
from django.db import IntegrityError, transaction
from prometheus_client import REGISTRY

from predictor import registry
from predictor.models import ModelVersion, Prediction
from predictor.services import (
    ShadowRefused,
    model_version_create,
    model_version_shadow,
    prediction_create,
    predictions_create,
    shadow_clear,
    shadow_score_pending,
)
from tests.conftest import train_artifact


def _failures(version_id) -> float:
    value = REGISTRY.get_sample_value("censussite_shadow_failures_total", {"model_version": str(version_id)})
    return value or 0.0


def _people(rows: int) -> list[dict]:
    import mlcore
    from tests.conftest import DATA_DIR

    names = mlcore.resolve_features("seed")
    frame, _ = mlcore.load_dataset(DATA_DIR / "adult.test", names)
    return frame[list(names)].head(rows).to_dict("records")


def test_every_prediction_is_marked_then_scored_by_the_shadow_in_bulk(shadow, active_version, valid_record):
    stored = prediction_create(inputs=valid_record, source="web")
    row = Prediction.objects.get(pk=stored.id)
    assert (row.shadow_version_id, row.shadow_probability) == (shadow.pk, None)  # the request paid for the mark only
    assert shadow_score_pending() == 1 and shadow_score_pending() == 0
    row.refresh_from_db()
    expected = registry.load_version(ModelVersion.objects.get(pk=shadow.pk)).probabilities([row.inputs])[0]
    assert row.model_version_id == active_version.pk and row.probability == stored.probability
    assert row.shadow_version_id == shadow.pk
    assert row.shadow_probability == pytest.approx(expected, abs=1e-12)
    assert row.shadow_label == (expected >= 0.5)
    assert row.shadow_probability != pytest.approx(row.probability, abs=1e-6)  # a different model answered


def test_many_rows_each_get_their_own_shadow_answer(shadow):
    people = _people(300)
    stored = predictions_create(records=people, source="api")
    assert shadow_score_pending(limit=200) == 200 and shadow_score_pending() == 100
    rows = Prediction.objects.filter(pk__in=stored.ids).order_by("pk")
    predictor = registry.load_version(ModelVersion.objects.get(pk=shadow.pk))
    expected = predictor.probabilities([row.inputs for row in rows])
    assert [row.shadow_probability for row in rows] == pytest.approx(expected, abs=1e-12)


def test_without_a_shadow_nothing_is_stored_beside(active_version, valid_record):
    stored = prediction_create(inputs=valid_record, source="web")
    row = Prediction.objects.get(pk=stored.id)
    assert (row.shadow_version_id, row.shadow_probability, row.shadow_label) == (None, None, None)


def test_a_corrupted_shadow_never_fails_a_prediction_and_is_counted(shadow, active_version, valid_record):
    ModelVersion.objects.filter(pk=shadow.pk).update(artifact=b"damaged", shadowed_at=shadow.shadowed_at)
    registry._shadowed.clear()  # as a process that starts after the damage
    before = _failures(shadow.pk)
    for _ in range(3):
        stored = prediction_create(inputs=valid_record, source="web")
        row = Prediction.objects.get(pk=stored.id)
        assert row.model_version_id == active_version.pk and row.shadow_probability is None
    assert shadow_score_pending() == 0 and _failures(shadow.pk) == before + 3
    # The rows it could not score lose their mark, so they are counted once, not every pass.
    assert not Prediction.objects.exclude(shadow_version=None).exists()
    assert shadow_score_pending() == 0 and _failures(shadow.pk) == before + 3


def test_the_database_allows_one_shadow_and_never_the_active_one(shadow, active_version, hgb_artifact):
    other = model_version_create(artifact=hgb_artifact)
    with pytest.raises(IntegrityError), transaction.atomic():
        ModelVersion.objects.filter(pk=other.pk).update(is_shadow=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        ModelVersion.objects.filter(pk=active_version.pk).update(is_shadow=True)
    model_version_shadow(version=other, by="tests")  # the service moves the flag instead
    assert list(ModelVersion.objects.filter(is_shadow=True).values_list("pk", flat=True)) == [other.pk]


def test_a_shadow_must_take_the_active_versions_inputs(active_version):
    narrow = model_version_create(artifact=train_artifact(preset="age,education,hours_per_week"))
    with pytest.raises(ShadowRefused, match="marital_status, race, sex, workclass"):
        model_version_shadow(version=narrow, by="tests")
    with pytest.raises(ShadowRefused, match="it is the active version"):
        model_version_shadow(version=active_version, by="tests")


def test_stopping_keeps_what_was_scored(shadow, valid_record):
    stored = prediction_create(inputs=valid_record, source="web")
    shadow_score_pending()
    assert shadow_clear() == 1 and shadow_clear() == 0
    assert Prediction.objects.get(pk=stored.id).shadow_version_id == shadow.pk
    later = prediction_create(inputs=valid_record, source="web")
    assert Prediction.objects.get(pk=later.id).shadow_version_id is None and shadow_score_pending() == 0


def test_a_shadow_costs_one_query_per_request_like_none(shadow, django_assert_num_queries):
    registry.active_model()
    with django_assert_num_queries(1):
        assert registry.active_model().shadow_id == shadow.pk


def test_a_corrupted_shadow_leaves_every_api_and_form_answer_whole(client, shadow, active_version, valid_record):
    ModelVersion.objects.filter(pk=shadow.pk).update(artifact=b"damaged")
    registry._shadowed.clear()
    before = _failures(shadow.pk)
    for _ in range(5):
        response = client.post("/api/v1/predictions", valid_record, content_type="application/json")
        assert response.status_code == 201 and response.json()["model_version"] == active_version.pk
    page = client.post("/", valid_record, headers={"HX-Request": "true"})
    assert page.status_code == 200 and 'class="big-number"' in page.content.decode()
    assert shadow_score_pending() == 0 and _failures(shadow.pk) == before + 6
    assert not Prediction.objects.exclude(shadow_probability=None).exists()
