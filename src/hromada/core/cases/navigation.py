"""The case engine's place in the staff menu (imported from core's AppConfig.ready)."""

from django.utils.translation import gettext_lazy as _

from hromada.core.navigation import NavItem, add_staff

CASES = _("Appeals and requests")

add_staff(NavItem("cases:list", _("Cases"), "cases.view", CASES, 30))
add_staff(NavItem("case-registry:new", _("Register a case"), "cases.register", CASES, 31))
add_staff(NavItem("case-registry:journal", _("Registration journal"), "cases.reports", CASES, 33))
add_staff(NavItem("case-registry:report", _("Report on cases"), "cases.reports", CASES, 34))
add_staff(NavItem("case-registry:categories", _("Case categories"), "cases.categories", CASES, 35))
