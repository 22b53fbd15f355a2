from django.urls import path

from . import views

app_name = "batch"
urlpatterns = [
    path("", views.upload, name="upload"),
    path("<uuid:job_id>/", views.job_page, name="job"),
    path("<uuid:job_id>/progress", views.job_progress, name="progress"),
    path("<uuid:job_id>/result.csv", views.job_file, {"kind": "result"}, name="result"),
    path("<uuid:job_id>/errors.csv", views.job_file, {"kind": "errors"}, name="errors"),
]
