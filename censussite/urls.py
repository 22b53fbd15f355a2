from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from predictor.api import api
from predictor.dashboard import dashboard
from predictor.probes import healthz, metrics, readyz

urlpatterns = [
    path(settings.ADMIN_URL + "dashboard/", dashboard, name="monitoring-dashboard"),  # before the admin's catch-all
    path(settings.ADMIN_URL, admin.site.urls),
    path("api/v1/", api.urls),
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("metrics", metrics, name="metrics"),
    path("", include("predictor.urls")),
]

handler500 = "predictor.views.server_error"
