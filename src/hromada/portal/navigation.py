"""The portal's menu entries (core.navigation)."""

from django.utils.translation import gettext_lazy as _

from hromada.core.navigation import ADMINISTRATION, STRUCTURE, NavItem, add_public, add_staff

add_public(NavItem("portal:contacts", _("Contacts"), order=800))
add_staff(NavItem("portal_staff:contacts", _("Hromada contacts"), "hromada.edit", STRUCTURE, 10))
add_staff(NavItem("portal_staff:feedback-list", _("Feedback from the site"), "feedback.view", ADMINISTRATION, 53))
