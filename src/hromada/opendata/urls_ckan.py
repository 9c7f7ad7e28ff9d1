from django.urls import path

from hromada.opendata import views_ckan

app_name = "ckan"

urlpatterns = [
    path("<str:action>", views_ckan.action, name="action"),
]
