"""Navigation that later modules extend: public portal links and the staff menu, filtered by role."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hromada.core.collation import uk_sort_key
from hromada.core.roles import can


@dataclass(frozen=True)
class NavItem:
    url_name: str
    label: str
    capability: str | tuple[str, ...] | None = None  # None: everyone; a tuple: any one of them
    section: str = ""
    order: int = 100
    # Shown only when this says so for the request's hromada (a page the hromada chooses to publish).
    shown: Callable[[object], bool] | None = None


PUBLIC: list[NavItem] = []
STAFF: list[NavItem] = []


def add_public(item: NavItem) -> None:
    PUBLIC.append(item)
    PUBLIC.sort(key=lambda i: i.order)


def add_staff(item: NavItem) -> None:
    STAFF.append(item)
    STAFF.sort(key=lambda i: (i.order, uk_sort_key(str(i.label))))


def _visible(request, items: list[NavItem]) -> list[dict]:
    result = []
    for item in items:
        needed = (item.capability,) if isinstance(item.capability, str) else item.capability or ()
        if needed and not any(can(request.user, getattr(request, "hromada", None), name) for name in needed):
            continue
        if item.shown is not None and not item.shown(getattr(request, "hromada", None)):
            continue
        url = reverse(item.url_name)
        result.append({"url": url, "label": item.label, "section": item.section, "current": False})
    # The current item is the longest URL that prefixes the path, so a section's home page is not also
    # marked current on every page below it.
    matches = [entry for entry in result if request.path == entry["url"]
               or (entry["url"] != "/" and request.path.startswith(entry["url"]))]
    if matches:
        max(matches, key=lambda entry: len(entry["url"]))["current"] = True
    return result


def public_menu(request) -> list[dict]:
    return _visible(request, PUBLIC)


def staff_menu(request) -> list[dict]:
    return _visible(request, STAFF) if request.user.is_authenticated else []


STRUCTURE = _("Hromada")
ADMINISTRATION = _("Administration")
ACCOUNT = _("My account")

add_public(NavItem("portal:home", _("Home"), order=0))
add_public(NavItem("portal:accessibility", _("Accessibility"), order=900))

add_staff(NavItem("staff:home", _("Overview"), "staff_area.enter", "", 0))
add_staff(NavItem("staff:hromada", _("Hromada profile"), "hromada.edit", STRUCTURE, 10))
add_staff(NavItem("staff:settlements-list", _("Settlements"), "structure.view", STRUCTURE, 11))
add_staff(NavItem("staff:districts-list", _("Starosta districts"), "structure.view", STRUCTURE, 12))
add_staff(NavItem("staff:departments-list", _("Departments"), "structure.view", STRUCTURE, 13))
add_staff(NavItem("staff:institutions-list", _("Institutions"), "structure.view", STRUCTURE, 14))
add_staff(NavItem("staff:officials-list", _("Leadership"), "structure.view", STRUCTURE, 15))
add_staff(NavItem("staff:calendar", _("Working-day calendar"), "calendar.view", STRUCTURE, 16))
add_staff(NavItem("staff:members", _("People and roles"), "members.view", ADMINISTRATION, 50))
add_staff(NavItem("staff:audit", _("Audit log"), "audit.view", ADMINISTRATION, 51))
add_staff(NavItem("staff:jobs", _("Background jobs"), "jobs.view", ADMINISTRATION, 58))
add_staff(NavItem("staff:notification-log", _("Notification log"), "notifications.view_log", ADMINISTRATION, 52))
add_staff(NavItem("staff:tokens", _("API tokens"), "api_tokens.own", ACCOUNT, 90))
add_staff(NavItem("staff:notices", _("Notices"), "notifications.own", ACCOUNT, 88))
add_staff(NavItem("staff:notification-preferences", _("Notification settings"), "notifications.own", ACCOUNT, 89))
