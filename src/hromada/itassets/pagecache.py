"""The public connectivity and camera pages and their files (core.pagecache)."""

from hromada.core import pagecache

pagecache.register_models("itassets", "itassets")
pagecache.register_pages("/it/", "itassets")
pagecache.register_pages("/api/v1/itassets", "itassets")
