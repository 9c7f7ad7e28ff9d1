"""Menu items of this concern (imported by itassets.navigation)."""

from django.utils.translation import gettext_lazy as _

from hromada.core.navigation import NavItem, add_staff
from hromada.itassets.permissions import REPORT, VIEW

add_staff(NavItem("itassets-staff:request-mine", _("My IT requests"), REPORT, _("IT assets"), 77))
add_staff(NavItem("itassets-staff:request-list", _("IT service requests"), VIEW, _("IT assets"), 78))
add_staff(NavItem("itassets-staff:request-figures", _("IT requests: figures"), VIEW, _("IT assets"), 79))
