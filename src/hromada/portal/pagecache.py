"""The site shell: the home page gathers every module's news; contacts and the accessibility statement show
the hromada's contacts (core.pagecache)."""

from hromada.core import pagecache

pagecache.register_models("portal", "portal", exclude=["feedbackmessage"])
pagecache.register_pages("/", pagecache.ANY, exact=True)
pagecache.register_pages("/contacts/", "portal")
pagecache.register_pages("/accessibility/", "portal")
pagecache.register_pages("/contacts/feedback/", never=True)
