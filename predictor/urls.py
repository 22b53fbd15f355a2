from django.urls import path

from . import model_views, views

app_name = "predictor"
urlpatterns = [
    path("", views.index, name="index"),
    path("result/<str:token>/", views.result, name="result"),
    path("model/", model_views.model_card, name="model"),
    path("model/<int:id>/", model_views.model_card, name="model-version"),
]
