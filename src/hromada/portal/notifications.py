"""Kinds of notice the portal sends (registered with core.notifications)."""

from django.utils.translation import gettext_lazy as _

from hromada.core.models.notifications import Channel
from hromada.core.notifications import STAFF, register_kind

FEEDBACK = register_kind(
    "portal.feedback", label=_("Feedback about the site"), audience=STAFF,
    default_channels={Channel.EMAIL, Channel.IN_APP},
    description=_("A visitor sent a message through the portal's feedback form."),
)
