"""The public count of what ЦНАП staff did for residents without a device, at /assisted/."""

from django.urls import path

from hromada.accounts import views_assisted as views

app_name = "assisted"

urlpatterns = [path("", views.public_stats, name="stats")]
