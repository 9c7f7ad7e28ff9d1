"""worklist of the IT assets module: each concern's module is imported here, where core autodiscovers it."""

from hromada.itassets.backups import worklist as _backups  # noqa: F401
from hromada.itassets.equipment import worklist as _equipment  # noqa: F401
from hromada.itassets.network import worklist as _network  # noqa: F401
from hromada.itassets.servicedesk import worklist as _servicedesk  # noqa: F401
from hromada.itassets.software import worklist as _software  # noqa: F401
