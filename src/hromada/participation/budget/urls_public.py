"""Public pages of the participatory budget."""

from django.urls import path

from hromada.participation.budget import views_public as views

app_name = "budget"

urlpatterns: list = [
    path("", views.index, name="index"),
    path("open-data/<str:what>.<str:fmt>", views.open_data, name="open-data"),
    path("<int:year>/", views.edition, name="edition"),
    path("<int:year>/submit/", views.submit, name="submit"),
    path("<int:year>/ballot/", views.ballot, name="ballot"),
    path("<int:year>/ballot/done/", views.ballot_done, name="ballot-done"),
    path("<int:year>/results/", views.results_page, name="results"),
    path("<int:year>/pabulib.zip", views.pabulib, name="pabulib"),
    path("<int:year>/ballot-log.<str:fmt>", views.ballot_log, name="ballot-log"),
    path("<int:year>/implementation/", views.implementation, name="implementation"),
    path("<int:year>/projects/<int:number>/", views.project, name="project"),
    path("<int:year>/projects/<int:number>/photos/<int:pk>/", views.photo, name="photo"),
]
