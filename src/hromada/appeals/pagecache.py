"""The public figures of appeals and the published answers to information requests, built on core's case
engine (core.pagecache). The forms and a filer's own confirmation are never cached."""

from hromada.core import pagecache

pagecache.register_models("appeals", "appeals")
pagecache.register_pages("/appeals/figures/", "cases", "appeals")
pagecache.register_pages("/appeals/info-requests/", "cases", "appeals")
# The hotline page shows the number from the portal's contacts (appeals.hotline.public_phone).
pagecache.register_pages("/hotline/", "cases", "appeals", "portal")
pagecache.register_pages(r"^/appeals/info-requests/(new|sent)/", never=True)
