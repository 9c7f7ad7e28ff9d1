"""The public programme pages show live indicators that every module feeds (core.pagecache)."""

from hromada.core import pagecache

pagecache.register_models("programmes", "programmes")
pagecache.register_pages("/programmes/", pagecache.ANY)
pagecache.register_pages("/api/v1/programmes", pagecache.ANY)
