from django.shortcuts import render

from .registry import active_schema


def index(request):
    return render(request, "predictor/index.html", {"schema": active_schema()})
