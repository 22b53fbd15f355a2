"""/api/v1/model: which model answers, the inputs it takes, and its model card."""

from ninja import Router

from .. import selectors
from .model_schemas import ModelOut
from .schemas import ErrorOut

router = Router(tags=["model"])


@router.get(
    "",
    response={200: ModelOut, (429, 503): ErrorOut},
    summary="The active model and its inputs",
    exclude_unset=True,  # the card as stored: a part an older card lacks is left out, not null
)
def model_detail(request):
    """Which model answers, how it scored, each input's allowed values or range, and its model
    card (the figures of the /model/ page; null for a version trained before cards existed)."""
    return selectors.model_describe()
