"""The open-data catalogue, DCAT, CKAN's action API and the generated resources, built from every module's
registers (core.pagecache)."""

from hromada.core import pagecache

pagecache.register_models("opendata", "opendata")
pagecache.register_pages("/opendata/", pagecache.ANY)
pagecache.register_pages("/catalog.", pagecache.ANY)
pagecache.register_pages("/api/3/action/", pagecache.ANY)
pagecache.register_pages("/api/action/", pagecache.ANY)
