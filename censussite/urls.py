from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from predictor.api.head import taking_head
from predictor.api.site import api
from predictor.monitoring.probes import healthz, prometheus, readyz
from predictor.monitoring.views import dashboard

# The admin goes by the site's one name, in its header and in every one of its page titles.
admin.site.site_header = admin.site.site_title = settings.SITE_NAME

urlpatterns = [
    path(settings.ADMIN_URL + "dashboard/", dashboard, name="monitoring-dashboard"),  # before the admin's catch-all
    path(settings.ADMIN_URL, admin.site.urls),
    path("api/v1/", taking_head(api.urls)),
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("metrics", prometheus, name="metrics"),
    path("batch/", include("predictor.batch.urls")),
    path("", include("predictor.urls")),
]

handler500 = "censussite.faults.server_error"
