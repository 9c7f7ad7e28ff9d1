"""The resident cabinet under /cabinet/."""

from django.urls import path

from hromada.accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.cabinet, name="cabinet"),
    path("join/", views.join, name="join"),
]
