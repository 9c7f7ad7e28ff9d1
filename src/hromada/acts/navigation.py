"""The registry of acts in the staff menu."""

from django.utils.translation import gettext_lazy as _

from hromada.core.navigation import NavItem, add_public, add_staff

ACTS = _("Acts")

add_staff(NavItem("acts:list", _("Registry of acts"), "acts.view", ACTS, 50))
add_staff(NavItem("acts:deadlines", _("Publication deadlines"), "acts.view", ACTS, 51))
add_staff(NavItem("acts:sessions", _("Council sessions"), "acts.view", ACTS, 52))
add_staff(NavItem("acts:import", _("Import of acts"), "acts.import", ACTS, 53))
add_public(NavItem("acts_public:list", _("Acts"), order=30))
add_public(NavItem("acts_public:sessions", _("Council sessions"), order=31))
