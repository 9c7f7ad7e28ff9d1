"""The applicant's own cases in the cabinet under /cabinet/cases/."""

from django.urls import path

from hromada.core.cases import views_cabinet as views

app_name = "my-cases"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/rate/", views.rate, name="rate"),
    path("<int:pk>/files/<int:attachment_pk>/", views.attachment, name="file"),
]
