from django.contrib.auth import views as auth_views
from django.urls import path

from . import model_views, views

app_name = "predictor"
urlpatterns = [
    path("", views.index, name="index"),
    path("result/<str:token>/", views.result, name="result"),
    path("model/", model_views.model_page, name="model"),
    path("model/<int:id>/", model_views.model_page, name="model-version"),
    path("login/", auth_views.LoginView.as_view(template_name="predictor/login.html"), name="login"),
    # Django's LogoutView answers POST only, so no link or prefetch can sign anyone out.
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
]
