"""The registers' places in the staff menu."""

from django.utils.translation import gettext_lazy as _

from hromada.core.navigation import NavItem, add_staff

REGISTERS = _("Registers")

add_staff(NavItem("registers:residents-list", _("Residents"), "residents.view", REGISTERS, 40))
add_staff(NavItem("registers:streets-list", _("Streets"), "registers.view", REGISTERS, 41))
add_staff(NavItem("registers:buildings-list", _("Buildings and addresses"), "registers.view", REGISTERS, 42))
add_staff(NavItem("registers:land-list", _("Land plots"), "registers.view", REGISTERS, 43))
add_staff(NavItem("registers:property-list", _("Communal property"), "registers.view", REGISTERS, 44))
add_staff(NavItem("registers:import-home", _("Import"), "registers.import", REGISTERS, 45))
add_staff(NavItem("registers:grants", _("Access for partner institutions"), "registers.grant_access", REGISTERS, 46))
add_staff(NavItem("registers:shared-home", _("Registers shared with us"), "registers.shared", REGISTERS, 47))
add_staff(NavItem("registers:map", _("Map"), "registers.view", REGISTERS, 48))
