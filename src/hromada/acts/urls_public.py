"""Portal URLs of the registry of acts, mounted at /acts/ in the "acts_public" namespace."""

from django.urls import path

from hromada.acts import feeds, views_public

app_name = "acts_public"

urlpatterns = [
    path("", views_public.act_list, name="list"),
    path("<int:pk>/", views_public.act_detail, name="detail"),
    path("<int:pk>/files/<int:attachment_pk>/", views_public.attachment_download, name="attachment"),
    path("<int:pk>/versions/<int:number>/", views_public.version_detail, name="version"),
    path("feed/rss/", feeds.LatestActsFeed(), name="feed-rss"),
    path("feed/atom/", feeds.LatestActsAtomFeed(), name="feed-atom"),
    path("export.csv", views_public.export_csv, name="export-csv"),
    path("export.json", views_public.export_json, name="export-json"),
    path("sessions/", views_public.session_list, name="sessions"),
    path("sessions/<int:pk>/", views_public.session_detail, name="session"),
]
