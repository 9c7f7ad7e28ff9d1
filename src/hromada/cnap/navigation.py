"""The ЦНАП in the public and staff menus."""

from django.utils.translation import gettext_lazy as _

from hromada.core.navigation import NavItem, add_public, add_staff

add_public(NavItem("cnap:index", _("Services (ЦНАП)"), order=40))
add_staff(NavItem("cnap-staff:offices", _("Live queue"), "cnap.queue_operate", _("ЦНАП"), 40))
add_staff(NavItem("cnap-staff:applications", _("Online applications"), "cnap.applications_process", _("ЦНАП"), 41))
add_staff(NavItem("cnap-staff:services", _("Services and cards"), "cnap.catalogue_manage", _("ЦНАП"), 42))
add_staff(NavItem("cnap-staff:statistics", _("ЦНАП statistics"), "cnap.reports", _("ЦНАП"), 43))
