"""Staff URLs of the registers, mounted at /staff/registers/ in the "registers" namespace."""

from hromada.registers import pages

app_name = "registers"

urlpatterns = []
for crud in pages.ALL:
    urlpatterns += crud.urls()
