"""Kinds of notice the IT service desk sends (registered with core.notifications)."""

from django.utils.translation import gettext_lazy as _

from hromada.core.models.notifications import Channel
from hromada.core.notifications import STAFF, register_kind

FILED = register_kind(
    "itassets.request_filed", label=_("New IT service request"), audience=STAFF,
    default_channels={Channel.EMAIL, Channel.IN_APP},
    description=_("To the IT officers when a member of staff reports a problem (a critical one is flagged)."),
)
ASSIGNED = register_kind(
    "itassets.request_assigned", label=_("IT service request assigned to you"), audience=STAFF,
    default_channels={Channel.EMAIL, Channel.IN_APP},
    description=_("When an IT request is assigned to you."),
)
PROGRESS = register_kind(
    "itassets.request_progress", label=_("Progress of your IT service request"), audience=STAFF,
    default_channels={Channel.EMAIL, Channel.IN_APP},
    description=_("To the reporter when the IT officer adds a note, resolves, closes or cancels the request."),
)
REPORTER_NOTE = register_kind(
    "itassets.request_reporter_note", label=_("The reporter wrote on an IT service request"), audience=STAFF,
    default_channels={Channel.IN_APP},
    description=_("To the assignee when the reporter adds a note to the request or reopens it."),
)
DUE = register_kind(
    "itassets.request_due", label=_("IT service request due today or overdue"), audience=STAFF,
    default_channels={Channel.EMAIL, Channel.IN_APP},
    description=_("Once a day to the assignee of each open request due today or overdue."),
)
