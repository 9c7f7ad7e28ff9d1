"""Kinds of notice of the backups register (registered with core.notifications; imported by
itassets.notifications)."""

from django.utils.translation import gettext_lazy as _

from hromada.core.models.notifications import Channel
from hromada.core.notifications import STAFF, register_kind

BACKUP_OVERDUE = register_kind(
    "itassets.backup_overdue", label=_("Backup overdue"), audience=STAFF,
    default_channels={Channel.EMAIL, Channel.IN_APP},
    description=_("When a system you answer for has no successful backup within its schedule, or its restore "
                  "test is overdue; once each time it becomes overdue."),
)
