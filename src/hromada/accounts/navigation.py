"""Resident accounts in the staff menu: assisted verification for the ЦНАП."""

from django.utils.translation import gettext_lazy as _

from hromada.core.navigation import NavItem, add_public, add_staff

add_staff(NavItem("accounts_assisted:list", _("Resident accounts"), "residents.verify_assisted", _("Registers"), 39))

add_public(NavItem("assisted:stats", _("Help at the ЦНАП"), order=810))
