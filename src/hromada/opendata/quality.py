"""A dataset's quality score: uData's nine criteria and what the 835 passport adds, each pass or fail.

uData (data.gouv.fr) scores licence, temporal coverage, spatial coverage, a frequency, the update made on time
(one day of grace), a description of more than 100 characters, an open format, resources available and
resources documented. To those: the 14 passport elements filled, a structure for every table, the current
generation not blocked, a machine-readable format (not only PDF), and updates on time over the last 12 months.
The score is the share of criteria passed, in per cent; the failed ones are shown as what to fix.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hromada.core.deadlines import calendar_for
from hromada.opendata import schedule

DESCRIPTION_MIN = 100  # uData's QUALITY_DESCRIPTION_LENGTH
GRACE_DAYS = 1  # uData's grace for the update on time
OPEN_FORMATS = {"csv", "json", "geojson"}
MACHINE_READABLE = {"csv", "json", "geojson", "xlsx"}

CRITERIA = {
    "license": _("a licence is given"),
    "temporal": _("the date the data is current as of is given"),
    "spatial": _("the territory is given (the hromada's KATOTTG code)"),
    "frequency": _("an update frequency is chosen"),
    "on_time": _("the update is not overdue"),
    "description": _("the description is longer than 100 characters"),
    "open_format": _("at least one resource in an open format (CSV, JSON, GeoJSON)"),
    "available": _("every resource has a published version"),
    "documented": _("every resource is described"),
    "passport": _("all 14 elements of the passport are filled"),
    "structure": _("every table has its structure"),
    "valid": _("the latest data passed the checks"),
    "machine_readable": _("the data is machine-readable (not only PDF)"),
    "on_time_year": _("updated on time over the last 12 months"),
}


def passport_gaps(dataset) -> list[str]:
    """Names of the passport elements left empty (the Положення's 14)."""
    resources = list(dataset.resources.all())
    checks = {
        _("identifier"): dataset.identifier,
        _("title"): dataset.title,
        _("description"): dataset.description,
        _("language"): dataset.language,
        _("formats"): resources,
        _("first publication"): dataset.first_published_at,
        _("last change"): dataset.last_modified_at,
        _("date the data is current as of"): dataset.relevance_date,
        _("update frequency"): dataset.frequency,
        _("keywords"): dataset.keywords,
        _("link"): dataset.slug,
        _("responsible person and e-mail"): dataset.contact_name and dataset.contact_email,
        _("legal basis and purpose"): dataset.basis,
    }
    # Element 6, the compression format, is "if any": our files are not compressed, so it is never missing.
    return [str(name) for name, value in checks.items() if not value]


def _on_time_year(dataset, versions, now) -> bool:
    if dataset.frequency not in schedule.PERIODS:
        return True
    unit, amount = schedule.PERIODS[dataset.frequency]
    period = timedelta(days=amount if unit == "days" else 31 * amount) + timedelta(days=GRACE_DAYS)
    since = now - timedelta(days=365)
    moments = sorted(v.created_at for v in versions if v.created_at >= since)
    if dataset.checked_at:
        moments.append(dataset.checked_at)
    if not moments:
        return False
    start = max(since, dataset.first_published_at or since)
    previous = start
    for moment in sorted(moments):
        if moment - previous > period:
            return False
        previous = moment
    return now - previous <= period


def score(dataset, now=None) -> tuple[int, dict[str, bool]]:
    now = now or timezone.now()
    resources = list(dataset.resources.select_related("current"))
    versions = [v for r in resources for v in r.versions.all()] if dataset.pk else []
    formats = {r.format for r in resources}
    due = schedule.next_due(dataset, calendar_for(dataset.hromada))
    detail = {
        "license": bool(dataset.license),
        "temporal": dataset.relevance_date is not None,
        "spatial": bool(dataset.hromada.katottg),
        "frequency": bool(dataset.frequency),
        "on_time": due is None or due + timedelta(days=GRACE_DAYS) >= timezone.localdate(now),
        "description": len(dataset.description or "") > DESCRIPTION_MIN,
        "open_format": bool(formats & OPEN_FORMATS),
        "available": bool(resources) and all(r.current_id for r in resources),
        "documented": bool(resources) and all(r.description or r.table_schema for r in resources),
        "passport": not passport_gaps(dataset),
        "structure": all(r.table_schema for r in resources if r.format != "pdf"),
        "valid": not dataset.blocked_reason,
        "machine_readable": bool(formats & MACHINE_READABLE),
        "on_time_year": _on_time_year(dataset, versions, now),
    }
    return round(100 * sum(detail.values()) / len(detail)), detail
