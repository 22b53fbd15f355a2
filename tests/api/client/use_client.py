"""Every operation of the API through the client openapi-python-client generates from the
site's own OpenAPI document: type-checked with mypy, then run against a live server.

Run by tests/api/test_generated_client.py as `python use_client.py BASE_URL KEY PERSON_JSON`,
with the generated package `census_client` beside it.
"""

import json
import sys

from census_client import AuthenticatedClient
from census_client.api.model import model_detail
from census_client.api.monitoring import monitoring_detail
from census_client.api.outcomes import outcomes_create
from census_client.api.predictions import outcome_create, prediction_create, prediction_detail
from census_client.models import (
    InstancesBody,
    InstancesOut,
    ModelOut,
    MonitoringOut,
    OutcomeCreateBody,
    OutcomeOut,
    OutcomesCreateBody,
    OutcomesCreateBodyOutcomeItem,
    OutcomesRecordedOut,
    PredictionOut,
    Record,
    StoredPredictionOut,
)


def main(base_url: str, key: str, person: dict[str, object]) -> None:
    client = AuthenticatedClient(base_url=base_url, token=key, raise_on_unexpected_status=True)
    model = model_detail.sync(client=client)
    assert isinstance(model, ModelOut) and model.card is not None, model
    record = Record.from_dict(person)
    one = prediction_create.sync(client=client, body=record)
    assert isinstance(one, PredictionOut) and 0 <= one.probability <= 1, one
    older = Record.from_dict({**person, "age": 52, "education": "Masters"})
    several = prediction_create.sync(client=client, body=InstancesBody(instances=[record, older]))
    assert isinstance(several, InstancesOut) and len(several.predictions) == 2, several
    stored = prediction_detail.sync(id=one.id, client=client)
    assert isinstance(stored, StoredPredictionOut) and stored.id == one.id, stored
    outcome = outcome_create.sync(id=one.id, client=client, body=OutcomeCreateBody(earns_over_50k=False))
    assert isinstance(outcome, OutcomeOut) and outcome.prediction == one.id, outcome
    items = [OutcomesCreateBodyOutcomeItem(prediction=p.id, earns_over_50k=True) for p in several.predictions]
    recorded = outcomes_create.sync(client=client, body=OutcomesCreateBody(outcomes=items))
    assert isinstance(recorded, OutcomesRecordedOut) and recorded.recorded == 2, recorded
    watched = monitoring_detail.sync(client=client, source="api")
    assert isinstance(watched, MonitoringOut) and watched.window.rows_found >= 3, watched
    print("every operation answered")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], json.loads(sys.argv[3]))
