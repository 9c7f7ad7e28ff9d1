from django.urls import path

from hromada.cnap import views_staff as views

app_name = "cnap-staff"

urlpatterns: list = [
    path("", views.offices, name="offices"),
    path("<int:office_pk>/", views.console, name="console"),
    path("<int:office_pk>/act/", views.act, name="act"),
]
