"""Staff pages of e-petitions: moderation, answers, reports."""

from django.urls import path

from hromada.participation.petitions import views_staff as views

app_name = "petitions-staff"

urlpatterns: list = [
    path("", views.index, name="index"),
    path("export.xlsx", views.export, name="export"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/refuse/", views.refuse, name="refuse"),
    path("<int:pk>/answer/", views.answer, name="answer"),
    path("<int:pk>/signers.xlsx", views.signers_export, name="signers"),
]
