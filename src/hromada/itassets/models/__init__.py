"""The IT assets register, one module a concern."""

from hromada.itassets.models.backups import BackupRun, BackupTarget
from hromada.itassets.models.equipment import (
    Assignment,
    Camera,
    Category,
    CategoryPolicy,
    Equipment,
    FundingSource,
    InventoryCheck,
    InventoryRound,
)
from hromada.itassets.models.network import Connection
from hromada.itassets.models.requests import Priority, RequestWork, ServiceRequest
from hromada.itassets.models.software import (
    Installation,
    Licence,
    Seat,
    Software,
    SoftwareProfile,
    SoftwareProfileItem,
)

__all__ = [
    "Assignment", "BackupRun", "BackupTarget", "Camera", "Category", "CategoryPolicy", "Connection", "Equipment",
    "FundingSource", "Installation", "InventoryCheck", "InventoryRound", "Licence", "Priority", "RequestWork",
    "Seat", "ServiceRequest", "Software", "SoftwareProfile", "SoftwareProfileItem",
]
