from django.urls import path

from hromada.cnap import views_cabinet as views
from hromada.cnap.applications import views as applications

app_name = "cnap-cabinet"

urlpatterns: list = [
    path("", views.index, name="index"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("<int:pk>/visit.ics", views.ics, name="ics"),
    path("applications/<int:pk>/", applications.own, name="application"),
]
