"""The programmes app's places in the portal and staff menus."""

from django.utils.translation import gettext_lazy as _

from hromada.core.navigation import NavItem, add_public, add_staff

PLANNING = _("Informatization")

add_public(NavItem("programmes_public:list", _("Informatization programme"), order=20))
add_staff(NavItem("programmes:list", _("Programmes"), "programmes.view", PLANNING, 30))
