"""URLs of the acts import pages (``import`` and names prefixed ``import-``), included into the "acts" namespace."""

from hromada.acts.views_import import pages

urlpatterns = pages.urlpatterns()
