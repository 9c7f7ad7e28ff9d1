"""URLs of the register import pages (names prefixed ``import-``), included into the "registers" namespace."""

from hromada.registers.views_imports import pages

urlpatterns = pages.urlpatterns()
