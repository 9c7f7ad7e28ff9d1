"""Kinds of notice of software and licences (registered with core.notifications; imported by
itassets.notifications)."""

from django.utils.translation import gettext_lazy as _

from hromada.core.models.notifications import Channel
from hromada.core.notifications import STAFF, register_kind

LICENCE_EXPIRING = register_kind(
    "itassets.licence_expiring", label=_("Software licence expiring"), audience=STAFF,
    default_channels={Channel.EMAIL, Channel.IN_APP},
    description=_("60 and 14 days before a software licence expires, and on the day: to the person responsible "
                  "for it and to the IT asset managers."),
)
