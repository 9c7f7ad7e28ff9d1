"""Assisted verification and assisted mode for ЦНАП staff, under /staff/residents-accounts/."""

from django.urls import path

from hromada.accounts import views_assisted as views

app_name = "accounts_assisted"

urlpatterns = [
    path("", views.account_list, name="list"),
    path("new/", views.account_new, name="new"),
    path("<int:pk>/", views.account_detail, name="account"),
    path("<int:pk>/verify/", views.account_verify, name="verify"),
]
