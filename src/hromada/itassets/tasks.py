"""tasks of the IT assets module: each concern's module is imported here, where core autodiscovers it."""

from hromada.itassets.backups import tasks as _backups  # noqa: F401
from hromada.itassets.equipment import tasks as _equipment  # noqa: F401
from hromada.itassets.network import tasks as _network  # noqa: F401
from hromada.itassets.servicedesk import tasks as _servicedesk  # noqa: F401
from hromada.itassets.software import tasks as _software  # noqa: F401
