from django.contrib import admin
from django.urls import include, path

from predictor.api import api
from predictor.api_health import healthz, readyz

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("", include("predictor.urls")),
]
