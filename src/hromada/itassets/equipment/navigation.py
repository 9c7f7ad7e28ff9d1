"""Menu items of this concern (imported by itassets.navigation)."""

from django.utils.translation import gettext_lazy as _

from hromada.core.navigation import NavItem, add_staff
from hromada.itassets.permissions import MANAGE, VIEW

add_staff(NavItem("itassets-staff:equipment-list", _("Equipment"), VIEW, _("IT assets"), 70))
add_staff(NavItem("itassets-staff:equipment-rounds", _("Inventory rounds"), VIEW, _("IT assets"), 71))
add_staff(NavItem("itassets-staff:equipment-import", _("Import of equipment"), MANAGE, _("IT assets"), 79))
