"""Staff pages of e-petitions: moderation, answers, thresholds, reports."""

from django.urls import path  # noqa: F401

app_name = "petitions-staff"

urlpatterns: list = []
