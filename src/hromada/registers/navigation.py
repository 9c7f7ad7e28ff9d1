"""The registers' places in the staff menu."""

from django.utils.translation import gettext_lazy as _

from hromada.core.navigation import NavItem, add_staff

REGISTERS = _("Registers")

add_staff(NavItem("registers:residents-list", _("Residents"), "residents.view", REGISTERS, 40))
add_staff(NavItem("registers:streets-list", _("Streets"), "registers.view", REGISTERS, 41))
add_staff(NavItem("registers:buildings-list", _("Buildings and addresses"), "registers.view", REGISTERS, 42))
add_staff(NavItem("registers:land-list", _("Land plots"), "registers.view", REGISTERS, 43))
add_staff(NavItem("registers:property-list", _("Communal property"), "registers.view", REGISTERS, 44))
