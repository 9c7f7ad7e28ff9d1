"""Staff pages of the participatory budget."""

from django.urls import path

from hromada.participation.budget import views_staff as views

app_name = "budget-staff"

urlpatterns: list = [
    path("", views.index, name="index"),
    path("new/", views.edition_edit, name="edition-new"),
    path("projects/", views.projects, name="projects"),
    path("projects/<int:pk>/", views.project_detail, name="project"),
    path("projects/<int:pk>/review/", views.review, name="review"),
    path("projects/<int:pk>/implementation/", views.implementation, name="implementation"),
    path("projects/<int:pk>/milestones/", views.milestone_add, name="milestone-add"),
    path("projects/<int:pk>/milestones/<int:milestone_pk>/done/", views.milestone_done, name="milestone-done"),
    path("projects/<int:pk>/photos/", views.photo_add, name="photo-add"),
    path("ballots/", views.ballots_home, name="ballots-home"),
    path("<int:pk>/", views.edition_detail, name="edition"),
    path("<int:pk>/edit/", views.edition_edit, name="edition-edit"),
    path("<int:pk>/categories/new/", views.category_edit, name="category-new"),
    path("<int:pk>/categories/<int:category_pk>/", views.category_edit, name="category-edit"),
    path("<int:pk>/categories/<int:category_pk>/delete/", views.category_delete, name="category-delete"),
    path("<int:pk>/ballots/", views.paper_ballot, name="paper-ballot"),
    path("<int:pk>/ballots.xlsx", views.ballots_export, name="ballots-export"),
    path("<int:pk>/results/", views.results, name="results"),
    path("<int:pk>/results.xlsx", views.results_export, name="results-export"),
]
