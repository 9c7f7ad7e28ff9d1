"""Menu items of the backups register (imported by itassets.navigation)."""

from django.utils.translation import gettext_lazy as _

from hromada.core.navigation import NavItem, add_staff
from hromada.itassets.permissions import VIEW

add_staff(NavItem("itassets-staff:backup-list", _("Backups"), VIEW, _("IT assets"), 76))
