"""Open data in the public and staff menus."""

from django.utils.translation import gettext_lazy as _

from hromada.core.navigation import NavItem, add_public, add_staff

add_public(NavItem("opendata:index", _("Open data"), order=60))
add_staff(NavItem("opendata-staff:datasets", _("Datasets"), "opendata.publish", _("Open data"), 60))
add_staff(NavItem("opendata-staff:compliance", _("Obligations and compliance"), "opendata.manage",
                  _("Open data"), 61))
