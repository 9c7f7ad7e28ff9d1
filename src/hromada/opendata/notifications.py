"""Kinds of notice the open-data module sends (registered with core.notifications)."""

from django.utils.translation import gettext_lazy as _

from hromada.core.models.notifications import Channel
from hromada.core.notifications import STAFF, register_kind

DUE_SOON = register_kind(
    "opendata.due_soon", label=_("Dataset update due soon"), audience=STAFF,
    default_channels={Channel.EMAIL, Channel.IN_APP},
    description=_("Three working days before a dataset you answer for must be updated, and on the day."),
)
OVERDUE = register_kind(
    "opendata.overdue", label=_("Dataset update overdue"), audience=STAFF,
    default_channels={Channel.EMAIL, Channel.IN_APP},
    description=_("The day after a dataset you answer for was due, if it is not updated."),
)
BLOCKED = register_kind(
    "opendata.blocked", label=_("Dataset not published: personal data found"), audience=STAFF,
    default_channels={Channel.EMAIL, Channel.IN_APP},
    description=_("A generated dataset you answer for was held back because its data looked like personal data."),
)
