from django.urls import path

from hromada.opendata import views_staff as views

app_name = "opendata-staff"

urlpatterns = [
    path("", views.datasets, name="datasets"),
    path("new/", views.new_dataset, name="new"),
    path("compliance/", views.compliance, name="compliance"),
    path("obligations/<str:code>/", views.obligation, name="obligation"),
    path("<int:pk>/", views.dataset, name="dataset"),
    path("<int:pk>/passport/", views.edit_passport, name="passport"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/confirm/", views.confirm, name="confirm"),
    path("<int:pk>/source-changed/", views.source_changed, name="source-changed"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:pk>/restore/", views.restore, name="restore"),
    path("<int:pk>/delete/", views.delete, name="delete"),
    path("<int:pk>/resources/new/", views.new_resource, name="new-resource"),
    path("<int:pk>/resources/<int:resource_pk>/upload/", views.upload, name="upload"),
]
