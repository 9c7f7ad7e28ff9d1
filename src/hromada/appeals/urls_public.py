"""Public pages: filing an appeal or an information request; published information-request threads."""

from django.urls import path  # noqa: F401

app_name = "appeals"

urlpatterns: list = []
