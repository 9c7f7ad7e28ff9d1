"""Kinds of notice the programme module sends (registered with core.notifications)."""

from django.utils.translation import gettext_lazy as _

from hromada.core.models.notifications import Channel
from hromada.core.notifications import STAFF, register_kind

REPORT_DUE = register_kind(
    "programmes.report_due", label=_("Monitoring report due soon"), audience=STAFF,
    default_channels={Channel.EMAIL, Channel.IN_APP},
    description=_("A few working days before a unit's programme monitoring report is due."),
)
REPORT_OVERDUE = register_kind(
    "programmes.report_overdue", label=_("Monitoring report overdue"), audience=STAFF,
    default_channels={Channel.EMAIL, Channel.IN_APP},
    description=_("The day after a unit's programme monitoring report was due, if it is not submitted."),
)
