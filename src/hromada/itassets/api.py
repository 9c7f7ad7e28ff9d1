"""The IT assets API at /api/v1/itassets/ (staff tokens): one router a concern."""

from ninja import Router

from hromada.itassets.backups.api import router as backups
from hromada.itassets.equipment.api import router as equipment
from hromada.itassets.network.api import router as network
from hromada.itassets.servicedesk.api import router as servicedesk
from hromada.itassets.software.api import router as software

router = Router(tags=["IT assets"])
router.add_router("/", equipment)
router.add_router("/", software)
router.add_router("/", network)
router.add_router("/", backups)
router.add_router("/", servicedesk)
