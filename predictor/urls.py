from django.contrib.auth import views as auth_views
from django.urls import path

from . import batch_views, model_views, views

app_name = "predictor"
urlpatterns = [
    path("", views.index, name="index"),
    path("result/<str:token>/", views.result, name="result"),
    path("model/", model_views.model_card, name="model"),
    path("model/<int:id>/", model_views.model_card, name="model-version"),
    path("batch/", batch_views.upload, name="batch"),
    path("batch/<uuid:job_id>/", batch_views.job_page, name="batch-job"),
    path("batch/<uuid:job_id>/progress", batch_views.job_progress, name="batch-progress"),
    path("batch/<uuid:job_id>/result.csv", batch_views.job_file, {"kind": "result"}, name="batch-file"),
    path("batch/<uuid:job_id>/errors.csv", batch_views.job_file, {"kind": "errors"}, name="batch-errors"),
    path("login/", auth_views.LoginView.as_view(template_name="predictor/login.html"), name="login"),
]
