"""Staff URLs of the registers, mounted at /staff/registers/ in the "registers" namespace."""

from hromada.registers import pages, urls_access, urls_imports

app_name = "registers"

urlpatterns = []
for crud in pages.ALL:
    urlpatterns += crud.urls()
urlpatterns += urls_imports.urlpatterns
urlpatterns += urls_access.urlpatterns
