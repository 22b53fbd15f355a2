from django.urls import path

from . import views

app_name = "predictor"
urlpatterns = [
    path("", views.index, name="index"),
    path("result/<str:token>/", views.result, name="result"),
]
