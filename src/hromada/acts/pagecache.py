"""The public registry of acts, its feeds, exports and API (core.pagecache)."""

from hromada.core import pagecache

pagecache.register_models("acts", "acts")
pagecache.register_pages("/acts/", "acts")
pagecache.register_pages("/api/v1/acts", "acts")
