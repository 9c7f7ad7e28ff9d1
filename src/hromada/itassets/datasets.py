"""datasets of the IT assets module: each concern's module is imported here, where core autodiscovers it."""

from hromada.itassets.backups import datasets as _backups  # noqa: F401
from hromada.itassets.equipment import datasets as _equipment  # noqa: F401
from hromada.itassets.network import datasets as _network  # noqa: F401
from hromada.itassets.servicedesk import datasets as _servicedesk  # noqa: F401
from hromada.itassets.software import datasets as _software  # noqa: F401
