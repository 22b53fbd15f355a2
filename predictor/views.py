from django.shortcuts import render

import mlcore

from .forms import PredictionForm
from .registry import NoActiveModel, active_predictor
from .services import prediction_create


def index(request):
    """The page: the form, and a result panel that htmx swaps in place as fields change."""
    try:
        version, predictor = active_predictor()
    except NoActiveModel as error:
        status = 503 if request.method == "POST" and not request.htmx else 200
        template = "predictor/no_model.html" + ("#result-panel" if request.htmx else "")
        return render(request, template, {"message": str(error)}, status=status)
    form = PredictionForm(request.POST or None, schema=predictor.schema)
    prediction = None
    if form.is_valid():
        try:
            prediction = prediction_create(inputs=form.cleaned_data, source="web")
        except mlcore.RecordError as error:  # the active model changed under this form
            for problem in error.errors:
                form.add_error(None, mlcore.predict.format_error(problem))
        except NoActiveModel as error:
            form.add_error(None, str(error))
    template = "predictor/index.html#result-panel" if request.htmx else "predictor/index.html"
    context = {"form": form, "prediction": prediction, "version": prediction.model_version if prediction else version}
    return render(request, template, context)
