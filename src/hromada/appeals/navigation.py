"""The appeals module's public links: filing an appeal or a request, and the published request threads."""

from django.utils.translation import gettext_lazy as _

from hromada.core.navigation import NavItem, add_public

add_public(NavItem("appeals:index", _("Appeals and requests"), order=300))
