"""Staff URLs of the registers, mounted at /staff/registers/ in the "registers" namespace."""

from django.urls import path

from hromada.registers import pages, urls_access, urls_imports, views_map

app_name = "registers"

urlpatterns = []
for crud in pages.ALL:
    urlpatterns += crud.urls()
urlpatterns += urls_imports.urlpatterns
urlpatterns += urls_access.urlpatterns
urlpatterns.append(path("map/", views_map.registers_map, name="map"))
