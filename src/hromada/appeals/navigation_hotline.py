"""The hotline's places in the staff menu (beside the cases) and on the public portal."""

from django.utils.translation import gettext_lazy as _

from hromada.core.navigation import NavItem, add_public, add_staff

CASES = _("Appeals and requests")  # the staff menu's section of the case engine

add_staff(NavItem("hotline:console", _("Hotline console"), "cases.hotline", CASES, 32))
add_staff(NavItem("hotline:analytics", _("Hotline figures"), "appeals.hotline_analytics", CASES, 33))
add_public(NavItem("hotline-public:index", _("Hotline"), order=310))
