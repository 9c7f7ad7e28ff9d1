"""Portal URLs of the registry of acts, mounted at /acts/ in the "acts_public" namespace."""

from django.urls import path  # noqa: F401

app_name = "acts_public"

urlpatterns: list = []
