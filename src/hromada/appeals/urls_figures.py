"""The public responsiveness figures per department and category."""

from django.urls import path

from hromada.appeals import views_figures as views

app_name = "appeals-figures"

urlpatterns: list = [
    path("", views.index, name="index"),
    path("data.csv", lambda request: views.data_file(request, "csv"), name="data-csv"),
    path("data.xlsx", lambda request: views.data_file(request, "xlsx"), name="data-xlsx"),
]
