"""The programmes app's places in the portal and staff menus."""

from django.utils.translation import gettext_lazy as _

from hromada.core.navigation import NavItem, add_public, add_staff

PLANNING = _("Informatization")

add_public(NavItem("programmes_public:list", _("Informatization programme"), order=20))
add_public(NavItem("programmes_public:strategy-list", _("Digital development strategy and plans"), order=21))
add_staff(NavItem("programmes:list", _("Programmes"), "programmes.view", PLANNING, 30))
add_staff(NavItem("programmes:strategy-list", _("IT strategies"), "programmes.view", PLANNING, 31))
add_staff(NavItem("programmes:plan-list", _("Action plans"), "programmes.view", PLANNING, 32))
add_staff(NavItem("programmes:assessment-list", _("Self-assessments"), "programmes.view", PLANNING, 33))
