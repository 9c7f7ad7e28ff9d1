"""The resident's own petitions and signatures."""

from django.urls import path

from hromada.participation.petitions import views_cabinet as views

app_name = "my-petitions"

urlpatterns: list = [
    path("", views.index, name="index"),
    path("new/", views.edit, name="new"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/send-as-appeal/", views.send_as_appeal, name="send-as-appeal"),
]
