"""Staff pages of resident identity, mounted under /staff/data-requests/ in the "accounts_staff" namespace."""

from django.urls import path

from hromada.accounts import views_staff

app_name = "accounts_staff"

urlpatterns = [
    path("", views_staff.data_request_list, name="data-requests"),
    path("<int:pk>/", views_staff.data_request_detail, name="data-request"),
]
