"""Staff URLs of the registry of acts, mounted at /staff/acts/ in the "acts" namespace."""

from django.urls import path  # noqa: F401

app_name = "acts"

urlpatterns: list = []
