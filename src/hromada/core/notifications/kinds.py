"""The kinds of notice the platform sends, registered by the app that sends them (its ``notifications.py``).

A kind says who it is for (staff or residents), which channels a new user gets by default and which channels
the law requires — those the user cannot turn off, with the reason shown beside the checkbox.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from hromada.core.collation import uk_sort_key
from hromada.core.models.notifications import Channel

STAFF = "staff"
RESIDENTS = "residents"
AUDIENCES = (STAFF, RESIDENTS)

REQUIRED_BY_LAW = _("required by law")


@dataclass(frozen=True)
class Kind:
    key: str  # "<app>.<what>", e.g. "programmes.report_due"
    label: str  # lazy translation, shown on the preferences page and in the log
    audience: str  # STAFF or RESIDENTS
    default_channels: frozenset[str]
    required_channels: frozenset[str] = field(default_factory=frozenset)
    required_reason: str = REQUIRED_BY_LAW  # lazy translation shown beside a required channel
    description: str = ""  # lazy translation: when the notice is sent

    @property
    def app(self) -> str:
        return self.key.split(".", 1)[0]


REGISTRY: dict[str, Kind] = {}


def register_kind(key: str, *, label, audience: str, default_channels, required_channels=(),
                  required_reason=REQUIRED_BY_LAW, description="") -> Kind:
    """Declare a kind of notice; an app calls this in its ``notifications.py``. Registering twice is an error."""
    channels = set(Channel.values)
    default, required = frozenset(default_channels), frozenset(required_channels)
    if "." not in key or len(key) > 100:
        raise ValueError(f"notification kind {key!r} must be '<app>.<name>' of at most 100 characters")
    if audience not in AUDIENCES:
        raise ValueError(f"notification kind {key!r}: audience must be one of {AUDIENCES}")
    if not (default | required) <= channels:
        raise ValueError(f"notification kind {key!r}: unknown channels {sorted((default | required) - channels)}")
    if key in REGISTRY:
        raise ValueError(f"notification kind {key!r} is registered twice")
    kind = Kind(key=key, label=label, audience=audience, default_channels=default | required,
                required_channels=required, required_reason=required_reason, description=description)
    REGISTRY[key] = kind
    return kind


def unregister_kind(key: str) -> None:
    """For tests that register a kind of their own."""
    REGISTRY.pop(key, None)


def get_kind(key: str) -> Kind:
    try:
        return REGISTRY[key]
    except KeyError:
        raise KeyError(f"unknown notification kind {key!r}; register it in the app's notifications.py") from None


def kinds_for(audience: str) -> list[Kind]:
    """The kinds one audience receives, in a stable order for the preferences table."""
    return sorted((k for k in REGISTRY.values() if k.audience == audience),
                  key=lambda k: (k.app, uk_sort_key(str(k.label))))


# Where a recipient of each audience changes their choices (a URL name); the resident cabinet adds its own.
PREFERENCES_URL_NAMES: dict[str, str | None] = {STAFF: "staff:notification-preferences", RESIDENTS: None}
