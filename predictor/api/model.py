"""/api/v1/model: which model answers, and the inputs it takes."""

from ninja import Router

from .. import selectors
from .schemas import ErrorOut, ModelOut

router = Router(tags=["model"])


@router.get("", response={200: ModelOut, (429, 503): ErrorOut}, summary="The active model and its inputs")
def model_detail(request):
    """Which model answers, how it scored, and each input's allowed values or range."""
    return selectors.model_describe()
