"""Menu items of this concern (imported by itassets.navigation)."""

from django.utils.translation import gettext_lazy as _

from hromada.core.navigation import NavItem, add_staff
from hromada.itassets.permissions import VIEW

add_staff(NavItem("itassets-staff:software-list", _("Software"), VIEW, _("IT assets"), 72))
add_staff(NavItem("itassets-staff:licence-list", _("Software licences"), VIEW, _("IT assets"), 73))
add_staff(NavItem("itassets-staff:software-compliance", _("Software compliance"), VIEW, _("IT assets"), 74))
add_staff(NavItem("itassets-staff:profile-list", _("Job profiles"), VIEW, _("IT assets"), 74))
