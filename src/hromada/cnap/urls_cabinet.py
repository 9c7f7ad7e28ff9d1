from django.urls import path

from hromada.cnap import views_cabinet as views

app_name = "cnap-cabinet"

urlpatterns: list = [
    path("", views.index, name="index"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("<int:pk>/visit.ics", views.ics, name="ics"),
]
