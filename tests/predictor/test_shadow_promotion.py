"""The shadow's comparison with the active version, and its promotion only on live evidence."""

import pytest
from django.core.management import CommandError, call_command

from predictor import registry
from predictor.models import ModelVersion, Outcome, Prediction
from predictor.monitoring.shadow import shadow_comparison
from predictor.services import (
    ShadowRefused,
    model_version_activate,
    predictions_create,
    shadow_promote,
    shadow_score_pending,
)

from .test_shadow import _people


def test_the_comparison_is_a_recount_of_the_rows(shadow):
    stored = predictions_create(records=_people(400), source="api")
    shadow_score_pending()
    truth = {pk: (pk % 3 == 0) for pk in stored.ids[:120]}
    Outcome.objects.bulk_create(
        [Outcome(prediction_id=pk, earns_over_50k=y, recorded_by="t") for pk, y in truth.items()]
    )
    rows = list(Prediction.objects.filter(pk__in=stored.ids))
    figures = shadow_comparison()
    assert figures["compared"] == 400 and figures["outcomes"] == 120 and figures["version"] == shadow.pk
    agree = sum(row.label == row.shadow_label for row in rows) / len(rows)
    assert figures["agreement"] == pytest.approx(agree)
    known = [row for row in rows if row.pk in truth]
    right = sum((row.shadow_probability >= 0.5) == truth[row.pk] for row in known) / len(known)
    assert figures["candidate"]["accuracy"] == pytest.approx(right)
    right = sum(row.label == truth[row.pk] for row in known) / len(known)
    assert figures["active"]["accuracy"] == pytest.approx(right)


def test_promotion_needs_outcomes_then_activates_and_records(shadow, active_version):
    stored = predictions_create(records=_people(200), source="api")
    shadow_score_pending()
    with pytest.raises(ShadowRefused, match="0 outcomes"):
        shadow_promote(by="tests")
    # The outcomes a person's income truly had: the test file's own labels.
    Outcome.objects.bulk_create(
        [Outcome(prediction_id=pk, earns_over_50k=bool(pk % 2), recorded_by="t") for pk in stored.ids]
    )
    version = shadow_promote(by="tests", force=True)
    version.refresh_from_db()
    assert version.is_active and not version.is_shadow and version.activated_by == "tests"
    assert version.promotion["compared"] == 200 and version.promotion["outcomes"] == 200
    assert registry.active_model().version.pk == shadow.pk and registry.active_model().shadow_id is None


def test_promotion_follows_the_gate_on_live_rows(shadow, active_version):
    stored = predictions_create(records=_people(300), source="api")
    shadow_score_pending()
    truth = [Outcome(prediction_id=pk, earns_over_50k=bool(pk % 2), recorded_by="t") for pk in stored.ids]
    Outcome.objects.bulk_create(truth)
    # Any drop at all is more than a margin of -1; none is more than 1.
    with pytest.raises(ShadowRefused, match="below the active version's"):
        shadow_promote(by="tests", max_drop=-1)
    with pytest.raises(CommandError, match=r"below the active version's .*\(--force promotes it anyway\)$"):
        call_command("promote_shadow", "--max-drop", "-1")
    assert ModelVersion.objects.get(is_active=True).pk == active_version.pk
    assert shadow_promote(by="tests", max_drop=1).pk == shadow.pk
    assert ModelVersion.objects.get(is_active=True).promotion["forced"] is None


def test_the_dashboard_detail_counts_both_and_names_the_largest_differences(shadow):
    stored = predictions_create(records=_people(150), source="batch")
    shadow_score_pending()
    figures = shadow_comparison(detail=True)
    assert sum(figures["histograms"]["active"]) == sum(figures["histograms"]["candidate"]) == 150
    rows = {row.pk: row for row in Prediction.objects.filter(pk__in=stored.ids)}
    largest = max(abs(row.probability - row.shadow_probability) for row in rows.values())
    first = figures["disagreements"][0]
    assert first["difference"] == pytest.approx(largest)
    assert abs(rows[first["id"]].probability - rows[first["id"]].shadow_probability) == pytest.approx(largest)
    assert shadow_comparison(sources=["web"])["compared"] == 0


def test_promoting_with_no_shadow_names_the_fix_and_no_force(active_version):
    with pytest.raises(CommandError) as refused:
        call_command("promote_shadow", "--force")
    assert "no version is shadowing" in str(refused.value) and "--force" not in str(refused.value)


def test_the_service_leaves_an_active_version_as_it_was(active_version):
    stamped = active_version.activated_at
    model_version_activate(version=active_version, by="someone else")
    active_version.refresh_from_db()
    assert active_version.activated_at == stamped and active_version.activated_by != "someone else"
