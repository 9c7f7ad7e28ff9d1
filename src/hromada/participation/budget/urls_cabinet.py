"""The resident's own projects and ballots."""

from django.urls import path

from hromada.participation.budget import views_cabinet as views

app_name = "my-budget"

urlpatterns: list = [
    path("", views.index, name="index"),
    path("projects/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
]
