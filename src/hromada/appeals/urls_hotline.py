"""The hotline operator's console and the hotline's analytics for staff."""

from django.urls import path

from hromada.appeals import views_hotline

app_name = "hotline"

urlpatterns = [
    path("", views_hotline.console, name="console"),
    path("suggest/", views_hotline.suggest, name="suggest"),
    path("analytics/", views_hotline.analytics, name="analytics"),
]
