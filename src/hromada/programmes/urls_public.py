"""Portal URLs of the programmes app, mounted at /programmes/ in the "programmes_public" namespace."""

from django.urls import path

from hromada.programmes import urls_strategy_public, views_public

app_name = "programmes_public"

urlpatterns = [
    path("", views_public.programme_list, name="list"),
    path("<int:pk>/", views_public.programme_detail, name="detail"),
]
urlpatterns += urls_strategy_public.urlpatterns
