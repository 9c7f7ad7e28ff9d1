"""Portal URLs of the programmes app, mounted at /programmes/ in the "programmes_public" namespace."""

from django.urls import path

from hromada.programmes import urls_strategy_public, views_public

app_name = "programmes_public"

urlpatterns = [
    path("", views_public.programme_list, name="list"),
    path("<int:pk>/", views_public.programme_detail, name="detail"),
    path("<int:pk>/programme.docx", views_public.programme_document, name="document"),
    path("<int:pk>/annex-<str:annex>.<str:fmt>", views_public.annex_document, name="annex"),
]
urlpatterns += urls_strategy_public.urlpatterns
