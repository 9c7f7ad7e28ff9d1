"""One notification service for every module: kinds, ``notify``, channels (e-mail, in-app, SMS), the record.

A module registers its kinds of notice in its own ``notifications.py`` and calls ``notify``; see
docs/notifications.md.
"""

from hromada.core.notifications import tasks  # noqa: F401  (registers the scheduled re-enqueue job)
from hromada.core.notifications.kinds import RESIDENTS, STAFF, Kind, get_kind, register_kind
from hromada.core.notifications.service import notify

__all__ = ["RESIDENTS", "STAFF", "Kind", "get_kind", "notify", "register_kind"]
