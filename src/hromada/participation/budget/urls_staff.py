"""Staff pages of the participatory budget."""

from django.urls import path  # noqa: F401

app_name = "budget-staff"

urlpatterns: list = []
