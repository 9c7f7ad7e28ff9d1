"""IT assets in the staff and public menus: each concern adds its own items."""

from hromada.itassets.backups import navigation as _backups  # noqa: F401
from hromada.itassets.equipment import navigation as _equipment  # noqa: F401
from hromada.itassets.network import navigation as _network  # noqa: F401
from hromada.itassets.servicedesk import navigation as _servicedesk  # noqa: F401
from hromada.itassets.software import navigation as _software  # noqa: F401
