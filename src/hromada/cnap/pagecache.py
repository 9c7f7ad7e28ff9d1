"""The ЦНАП catalogue, offices and the queue's public board (core.pagecache). A visitor's own ticket and the
kiosk are never cached; the board lives a few seconds at most."""

from hromada.core import pagecache

pagecache.register_models("cnap", "cnap")
pagecache.register_pages("/services/", "cnap")
pagecache.register_pages("/api/v1/services", "cnap")
pagecache.register_pages("/api/v1/queue", "cnap", ttl=15)
pagecache.register_pages(r"^/services/queue/\d+/board/", "cnap", ttl=15)
pagecache.register_pages(r"^/services/queue/\d+/(ticket|kiosk)/", never=True)
