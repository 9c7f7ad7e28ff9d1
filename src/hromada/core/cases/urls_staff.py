"""Staff pages of cases under /staff/cases/: the list, a case with its timeline and the staff's steps."""

from django.urls import path  # noqa: F401

app_name = "cases"

urlpatterns: list = []
