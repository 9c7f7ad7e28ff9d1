from django.urls import path

from hromada.opendata import views_public as views

app_name = "opendata"

urlpatterns = [
    path("", views.index, name="index"),
    path("feed.atom", views.feed, name="feed"),
    path("<slug:slug>/", views.dataset, name="dataset"),
    path("<slug:slug>/passport.<str:fmt>", views.passport, name="passport"),
    path("<slug:slug>/<slug:key>/", views.resource, name="resource"),
    path("<slug:slug>/<slug:key>/structure.csv", views.structure, name="structure"),
    path("<slug:slug>/<slug:key>/data.<str:fmt>", views.download, name="download"),
    path("<slug:slug>/<slug:key>/v<int:number>/data.<str:fmt>", views.download, name="version-download"),
    path("<slug:slug>/<slug:key>/v<int:number>/", views.version, name="version"),
]
