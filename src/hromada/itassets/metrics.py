"""metrics of the IT assets module: each concern's module is imported here, where core autodiscovers it."""

from hromada.itassets.backups import metrics as _backups  # noqa: F401
from hromada.itassets.equipment import metrics as _equipment  # noqa: F401
from hromada.itassets.network import metrics as _network  # noqa: F401
from hromada.itassets.servicedesk import metrics as _servicedesk  # noqa: F401
from hromada.itassets.software import metrics as _software  # noqa: F401
