"""Menu items of connectivity and cameras (imported by itassets.navigation).

The public pages (/it/connectivity/, /it/cameras/) are in the public menu only while the hromada publishes them
(the settings itassets.publish_connectivity and itassets.publish_cameras; otherwise the pages are a 404).
"""

from functools import partial

from django.utils.translation import gettext_lazy as _

from hromada.core.navigation import NavItem, add_public, add_staff
from hromada.itassets.network.views_public import CAMERAS, CONNECTIVITY, published
from hromada.itassets.permissions import VIEW

add_staff(NavItem("itassets-staff:connection-list", _("Internet connections"), VIEW, _("IT assets"), 74))
add_staff(NavItem("itassets-staff:camera-list", _("Video-surveillance cameras"), VIEW, _("IT assets"), 75))
add_public(NavItem("itassets:connectivity", _("Internet in institutions"), order=65,
                   shown=partial(published, key=CONNECTIVITY)))
add_public(NavItem("itassets:cameras", _("Video surveillance"), order=66, shown=partial(published, key=CAMERAS)))
