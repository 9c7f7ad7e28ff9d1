"""The registers' public reads (streets and addresses through the API; open data built from them)
(core.pagecache)."""

from hromada.core import pagecache

pagecache.register_models("registers", "registers")
pagecache.register_pages("/api/v1/registers", "registers")
