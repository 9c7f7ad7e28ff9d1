"""Kinds of notice of the IT assets module: each concern's module is imported here, where core autodiscovers it."""

from hromada.itassets.backups import notifications as _backups  # noqa: F401
from hromada.itassets.servicedesk import notifications as _servicedesk  # noqa: F401
from hromada.itassets.software import notifications as _software  # noqa: F401
