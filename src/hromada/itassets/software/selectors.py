"""Reads of software and licences, tenant-scoped, and the compliance of installations at a date.

The rule (the same for the pages, the API, the metrics, the worklist and the reminders): an installation on a
computer in use is

* **licensed** when its title is free or open source (the title's flag, or a free/open-source licence of the
  title in force), or when a seat of a licence of the title in force on the date is held on that date by the
  computer itself, by the account the computer is assigned to (Equipment.assigned_user) or by the person named
  on it (Equipment.assigned_name, compared in the stored normal form);
* **unlicensed** otherwise;
* **outdated** when its version is older than the title's oldest supported version, compared numerically part
  by part (:mod:`.versions`); a version that cannot be read as a number is **not judged**, shown as such;
* **unsupported** when the vendor's support of the title ended before the date.

A seat is held from ``assigned_on`` through the day before ``released_on``; a licence is in force from
``starts_on`` through ``expires_on`` (either may be empty: open-ended).

Every aggregate is one or a few SQL statements whatever the number of computers: the licensed test is an
EXISTS per installation that the database answers from the seat indexes, and versions are judged in Python
once per distinct (title, version) pair — there are a few hundred of those in a hromada, not one per
installation — then applied in SQL as a filter.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from hromada.core.ukrtext import search_key
from hromada.itassets.models import (
    Category,
    Equipment,
    Installation,
    Licence,
    Seat,
    Software,
    SoftwareProfile,
    SoftwareProfileItem,
)
from hromada.itassets.software import versions

# Items software is installed on and licensed to.
COMPUTING = (Category.COMPUTER, Category.LAPTOP, Category.SERVER)
FREE_KINDS = (Licence.Kind.FREE, Licence.Kind.OPEN_SOURCE)
EXPIRY_WINDOW = 60  # days: «expiring soon» on the lists, the worklist and the metric

# Status names of an installation, used in filters, the API and exports.
UNLICENSED = "unlicensed"
OUTDATED = "outdated"
UNSUPPORTED = "unsupported"
UNJUDGED = "unjudged"  # the version cannot be compared
LICENSED = "licensed"
STATUSES = (UNLICENSED, OUTDATED, UNSUPPORTED, UNJUDGED, LICENSED)


def today() -> date:
    return timezone.localdate()


def _pk(value) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise Http404 from None
    if not 0 < number <= 2**63 - 1:
        raise Http404
    return number


# --- titles, licences, seats, profiles --------------------------------------------------------------------


def titles(hromada) -> QuerySet[Software]:
    return Software.objects.filter(hromada=hromada)


def title(hromada, pk) -> Software:
    try:
        return titles(hromada).get(pk=_pk(pk))
    except Software.DoesNotExist:
        raise Http404 from None


def search_titles(qs: QuerySet[Software], text: str) -> QuerySet[Software]:
    key = search_key(text or "")
    if not key:
        return qs
    for word in key.split()[:8]:
        qs = qs.filter(Q(name_key__contains=word) | Q(vendor__icontains=word))
    return qs


def licences(hromada) -> QuerySet[Licence]:
    return Licence.objects.filter(hromada=hromada).select_related("software", "institution", "responsible")


def licence(hromada, pk) -> Licence:
    try:
        return licences(hromada).get(pk=_pk(pk))
    except Licence.DoesNotExist:
        raise Http404 from None


def in_force_q(at: date, prefix: str = "") -> Q:
    """Licences in force on ``at`` (``prefix`` is the path to the licence, e.g. "licence__")."""
    return ((Q(**{f"{prefix}starts_on__isnull": True}) | Q(**{f"{prefix}starts_on__lte": at}))
            & (Q(**{f"{prefix}expires_on__isnull": True}) | Q(**{f"{prefix}expires_on__gte": at})))


def held_q(at: date) -> Q:
    """Seats held on ``at`` of licences in force on ``at``."""
    return (Q(assigned_on__lte=at) & (Q(released_on__isnull=True) | Q(released_on__gt=at))
            & in_force_q(at, "licence__"))


def is_in_force(lic: Licence, at: date) -> bool:
    return (lic.starts_on is None or lic.starts_on <= at) and (lic.expires_on is None or lic.expires_on >= at)


def with_seat_counts(qs: QuerySet[Licence]) -> QuerySet[Licence]:
    """Licences with ``used``: their open seats (one aggregate, whatever the number of licences)."""
    used = (Seat.objects.filter(licence=OuterRef("pk"), released_on__isnull=True).order_by()
            .values("licence").annotate(n=Count("pk")).values("n"))
    return qs.annotate(used=Coalesce(Subquery(used, output_field=IntegerField()), Value(0)))


def open_seats(lic: Licence) -> QuerySet[Seat]:
    return (Seat.objects.filter(licence=lic, released_on__isnull=True)
            .select_related("equipment", "user").order_by("-assigned_on", "-pk"))


def seat(hromada, pk) -> Seat:
    try:
        return Seat.objects.select_related("licence", "licence__software", "equipment", "user").get(
            hromada=hromada, pk=_pk(pk))
    except Seat.DoesNotExist:
        raise Http404 from None


def expiring(hromada, at: date | None = None, days: int = EXPIRY_WINDOW) -> QuerySet[Licence]:
    at = at or today()
    return licences(hromada).filter(expires_on__gte=at, expires_on__lte=at + timedelta(days=days))


def expired(hromada, at: date | None = None) -> QuerySet[Licence]:
    return licences(hromada).filter(expires_on__lt=at or today())


def profiles(hromada) -> QuerySet[SoftwareProfile]:
    return SoftwareProfile.objects.filter(hromada=hromada)


def profile(hromada, pk) -> SoftwareProfile:
    try:
        return profiles(hromada).get(pk=_pk(pk))
    except SoftwareProfile.DoesNotExist:
        raise Http404 from None


def profile_items(prof: SoftwareProfile) -> QuerySet[SoftwareProfileItem]:
    return prof.items.select_related("software").order_by("software__name_key", "pk")


# --- computers and installations --------------------------------------------------------------------------


def computers(hromada) -> QuerySet[Equipment]:
    """The hromada's computers, laptops and servers that are not written off."""
    return (Equipment.objects.filter(hromada=hromada, category__in=COMPUTING)
            .exclude(status=Equipment.Status.WRITTEN_OFF))


def computer(hromada, pk) -> Equipment:
    """A computer of the hromada (written-off ones too: their page still shows what they had)."""
    try:
        return (Equipment.objects.filter(hromada=hromada, category__in=COMPUTING)
                .select_related("institution", "department", "assigned_user", "profile").get(pk=_pk(pk)))
    except Equipment.DoesNotExist:
        raise Http404 from None


def installations(hromada) -> QuerySet[Installation]:
    """Installations on computers in use (a written-off computer's software no longer counts)."""
    return (Installation.objects.filter(hromada=hromada, equipment__category__in=COMPUTING)
            .exclude(equipment__status=Equipment.Status.WRITTEN_OFF))


def installation(hromada, pk) -> Installation:
    try:
        return Installation.objects.select_related("equipment", "software").get(hromada=hromada, pk=_pk(pk))
    except Installation.DoesNotExist:
        raise Http404 from None


def _free_titles(hromada, at: date) -> QuerySet:
    """Ids of titles with a free or open-source licence in force (they need no seats)."""
    return (Licence.objects.filter(hromada=hromada, kind__in=FREE_KINDS).filter(in_force_q(at))
            .values("software_id"))


def licensed_q(hromada, at: date, prefix: str = "") -> Q:
    """The licensed test as a condition on installations (``prefix`` is the path to the installation)."""
    p = prefix
    seats = Seat.objects.filter(held_q(at), hromada=hromada)
    held = seats.filter(licence__software_id=OuterRef(f"{p}software_id"))
    by_computer = held.filter(equipment_id=OuterRef(f"{p}equipment_id"))
    by_account = held.filter(user_id=OuterRef(f"{p}equipment__assigned_user_id"))
    by_name = held.filter(person_name=OuterRef(f"{p}equipment__assigned_name")).exclude(person_name="")
    # The person tests run only for computers whose person holds some seat at all: an uncorrelated subquery the
    # database hashes once, so the correlated one is not asked for every installation of 50 000 computers.
    account_holders = seats.filter(user__isnull=False).values("user_id")
    name_holders = seats.exclude(person_name="").values("person_name")
    return (Q(**{f"{p}software__free": True}) | Q(**{f"{p}software_id__in": _free_titles(hromada, at)})
            | Exists(by_computer)
            | (Q(**{f"{p}equipment__assigned_user_id__in": account_holders}) & Exists(by_account))
            | (Q(**{f"{p}equipment__assigned_name__in": name_holders}) & Exists(by_name)))


def free_q(hromada, at: date) -> Q:
    return Q(software__free=True) | Q(software_id__in=_free_titles(hromada, at))


def with_licensed(qs: QuerySet[Installation], hromada, at: date) -> QuerySet[Installation]:
    """Installations annotated with ``licensed`` and ``free`` (booleans)."""
    return qs.annotate(
        licensed=ExpressionWrapper(licensed_q(hromada, at), output_field=BooleanField()),
        free=ExpressionWrapper(free_q(hromada, at), output_field=BooleanField()),
    )


# --- versions ---------------------------------------------------------------------------------------------


@dataclass
class VersionJudgement:
    """The distinct (title, version) pairs of a hromada's installations, judged once each."""

    outdated: dict[int, set[str]] = field(default_factory=dict)  # title id → versions older than its minimum
    unjudged: dict[int, set[str]] = field(default_factory=dict)  # title id → versions that cannot be compared

    def q(self, which: str) -> Q:
        """A condition on installations: those whose (title, version) is in ``outdated`` or ``unjudged``."""
        pairs = self.outdated if which == OUTDATED else self.unjudged
        condition = Q(pk__in=[])
        for software_id, found in pairs.items():
            condition |= Q(software_id=software_id, version__in=sorted(found))
        return condition

    def state(self, software_id: int, version: str, minimum: str) -> str:
        """"outdated", "unjudged", "current" or "" (the title has no minimum version)."""
        if not minimum:
            return ""
        if version in self.outdated.get(software_id, ()):
            return OUTDATED
        if version in self.unjudged.get(software_id, ()):
            return UNJUDGED
        return "current"


def judge_versions(hromada, qs: QuerySet[Installation] | None = None) -> VersionJudgement:
    """Judge every distinct (title, version) pair of the installations against the title's minimum version."""
    qs = installations(hromada) if qs is None else qs
    pairs = (qs.exclude(software__minimum_version="").order_by()
             .values_list("software_id", "version", "software__minimum_version").distinct())
    judgement = VersionJudgement()
    for software_id, version, minimum in pairs:
        older = versions.is_older(version, minimum)
        if older is None:
            judgement.unjudged.setdefault(software_id, set()).add(version)
        elif older:
            judgement.outdated.setdefault(software_id, set()).add(version)
    return judgement


def unsupported_q(at: date) -> Q:
    return Q(software__support_ends_on__lt=at)


def status_q(hromada, at: date, status: str, judgement: VersionJudgement | None = None) -> Q:
    """The installations of one status, as a condition (apply to :func:`installations`)."""
    if status == UNLICENSED:
        return ~licensed_q(hromada, at)
    if status == LICENSED:
        return licensed_q(hromada, at)
    if status == UNSUPPORTED:
        return unsupported_q(at)
    judgement = judgement if judgement is not None else judge_versions(hromada)
    if status in (OUTDATED, UNJUDGED):
        return judgement.q(status)
    raise ValueError(status)


def problems_q(hromada, at: date, judgement: VersionJudgement) -> Q:
    """Unlicensed, outdated or unsupported: what the compliance report lists by default."""
    return ~licensed_q(hromada, at) | judgement.q(OUTDATED) | unsupported_q(at)


def describe(row: Installation, judgement: VersionJudgement, at: date) -> dict:
    """The statuses of one annotated installation (from :func:`with_licensed`), for a table row."""
    software = row.software
    state = judgement.state(row.software_id, row.version, software.minimum_version)
    unsupported = software.support_ends_on is not None and software.support_ends_on < at
    return {"licensed": row.licensed, "free": row.free, "version_state": state, "unsupported": unsupported,
            "problem": (not row.licensed) or state == OUTDATED or unsupported}


# --- aggregates -------------------------------------------------------------------------------------------


@dataclass
class Totals:
    installations: int = 0
    free: int = 0
    licensed: int = 0  # of non-free titles
    unlicensed: int = 0
    outdated: int = 0
    unjudged: int = 0
    unsupported: int = 0

    @property
    def needing_licence(self) -> int:
        return self.installations - self.free


def title_counts(hromada, at: date | None = None, title_ids=None) -> dict[int, dict[str, int]]:
    """Per title: installations, licensed (free ones count as licensed), unlicensed, outdated, unsupported.

    Three queries whatever the number of installations: the counts by title, the distinct version pairs, and
    the outdated counts by title.
    """
    at = at or today()
    qs = installations(hromada)
    if title_ids is not None:
        qs = qs.filter(software_id__in=list(title_ids))
    licensed = licensed_q(hromada, at)
    rows = (qs.order_by().values("software_id")
            .annotate(total=Count("pk"), licensed=Count("pk", filter=licensed)))
    result = {row["software_id"]: {"installations": row["total"], "licensed": row["licensed"],
                                   "unlicensed": row["total"] - row["licensed"], "outdated": 0, "unjudged": 0}
              for row in rows}
    judgement = judge_versions(hromada, qs)
    for which in (OUTDATED, UNJUDGED):
        pairs = judgement.outdated if which == OUTDATED else judgement.unjudged
        if not pairs:
            continue
        for row in qs.filter(judgement.q(which)).order_by().values("software_id").annotate(n=Count("pk")):
            result[row["software_id"]][which] = row["n"]
    return result


def totals(hromada, at: date | None = None) -> Totals:
    """The hromada's figures in a few queries (the compliance page's summary, the metrics)."""
    at = at or today()
    qs = installations(hromada)
    judgement = judge_versions(hromada, qs)
    figures = qs.aggregate(
        installations=Count("pk"), free=Count("pk", filter=free_q(hromada, at)),
        licensed=Count("pk", filter=licensed_q(hromada, at) & ~free_q(hromada, at)),
        unsupported=Count("pk", filter=unsupported_q(at)),
        outdated=Count("pk", filter=judgement.q(OUTDATED)), unjudged=Count("pk", filter=judgement.q(UNJUDGED)),
    )
    result = Totals(**figures)
    result.unlicensed = result.installations - result.free - result.licensed
    return result


def unlicensed_by_title(hromada, at: date | None = None) -> list[dict]:
    """Titles with unlicensed installations: id, name and how many (the worklist, one query)."""
    at = at or today()
    return list(installations(hromada).filter(~licensed_q(hromada, at)).order_by()
                .values("software_id", "software__name", "software__vendor").annotate(n=Count("pk"))
                .order_by("-n", "software__name_key"))


@dataclass
class TitleSeats:
    """The seats of a title's licences in force: total (None = unlimited) and free."""

    total: int | None = 0
    used: int = 0

    @property
    def free(self) -> int | None:
        return None if self.total is None else max(0, self.total - self.used)


def seats_by_title(hromada, at: date | None = None, title_ids=None) -> dict[int, TitleSeats]:
    """Per title, the seats of its licences in force on ``at`` (one query)."""
    at = at or today()
    qs = with_seat_counts(Licence.objects.filter(hromada=hromada).filter(in_force_q(at)))
    if title_ids is not None:
        qs = qs.filter(software_id__in=list(title_ids))
    result: dict[int, TitleSeats] = {}
    for software_id, seats, used, kind in qs.values_list("software_id", "seats", "used", "kind"):
        entry = result.setdefault(software_id, TitleSeats())
        if seats is None or kind in FREE_KINDS:
            entry.total = None
        elif entry.total is not None:
            entry.total += seats
        entry.used += used
    return result


def shortage(counts: dict[str, int] | None, seats: TitleSeats | None, free_title: bool) -> int:
    """How many more seats the title needs: unlicensed installations that no free seat in force can cover.

    An installation is unlicensed either because no seat is free (a shortage: buy more) or because a free seat
    is not assigned to its computer (assign it); only the first is over-deployment.
    """
    if free_title or not counts:
        return 0
    unlicensed = counts.get("unlicensed", 0)
    if seats is None:
        return unlicensed
    if seats.total is None:
        return 0
    return max(0, unlicensed - (seats.free or 0))


def installed_not_covered(hromada, lic: Licence, at: date | None = None) -> QuerySet[Installation]:
    """Installations of the licence's title that are unlicensed (candidates for its free seats)."""
    at = at or today()
    return (installations(hromada).filter(software_id=lic.software_id).filter(~licensed_q(hromada, at))
            .select_related("equipment").order_by("equipment__inventory_number", "pk"))


# --- profiles ---------------------------------------------------------------------------------------------


def profile_gaps(prof: SoftwareProfile, qs: QuerySet[Equipment] | None = None) -> QuerySet[Equipment]:
    """Computers with this profile lacking a title of it or having it older than the profile asks.

    Each computer's installations of the profile's titles are counted against the number of items (one query);
    the versions are judged once per distinct (title, version) pair on the profile's computers (one query per
    title with a minimum version).
    """
    entries = list(prof.items.select_related("software"))
    base = qs if qs is not None else computers(prof.hromada_id)
    base = base.filter(profile=prof)
    if not entries:
        return base.none()
    items = [entry.software_id for entry in entries]
    too_old = Q(pk__in=[])
    for entry in entries:
        minimum = entry.minimum_version or entry.software.minimum_version
        if not minimum:
            continue
        found = (Installation.objects.filter(software_id=entry.software_id, equipment__profile=prof).order_by()
                 .values_list("version", flat=True).distinct())
        older = [version for version in found if versions.is_older(version, minimum)]
        if older:
            too_old |= Q(software_id=entry.software_id, version__in=older)
    outdated = Installation.objects.filter(equipment_id=OuterRef("pk")).filter(too_old)
    return (base.annotate(has=Count("installations", filter=Q(installations__software_id__in=items),
                                    distinct=True))
            .filter(Q(has__lt=len(items)) | Exists(outdated)).order_by("inventory_number"))


def missing_for(prof_items: list[SoftwareProfileItem],
                installed: dict[int, str]) -> list[tuple[SoftwareProfileItem, str]]:
    """What one computer lacks of its profile: (item, "missing" | "outdated" | "unjudged")."""
    gaps = []
    for entry in prof_items:
        if entry.software_id not in installed:
            gaps.append((entry, "missing"))
            continue
        minimum = entry.minimum_version or entry.software.minimum_version
        if minimum:
            older = versions.is_older(installed[entry.software_id], minimum)
            if older:
                gaps.append((entry, OUTDATED))
            elif older is None:
                gaps.append((entry, UNJUDGED))
    return gaps


def profile_gaps_for_page(prof: SoftwareProfile, page_items: list[Equipment]) -> dict[int, list]:
    """The gaps of the computers of one page (one query for their installations of the profile's titles)."""
    prof_items = list(profile_items(prof))
    ids = [item.pk for item in page_items]
    installed: dict[int, dict[int, str]] = {pk: {} for pk in ids}
    for equipment_id, software_id, version in Installation.objects.filter(
            equipment_id__in=ids, software_id__in=[e.software_id for e in prof_items]).values_list(
            "equipment_id", "software_id", "version"):
        installed[equipment_id][software_id] = version
    return {pk: missing_for(prof_items, installed[pk]) for pk in ids}


def profile_counts(hromada) -> dict[int, dict[str, int]]:
    """Per profile: titles in it and computers with it (two queries)."""
    items = dict(SoftwareProfileItem.objects.filter(profile__hromada=hromada).order_by().values("profile_id")
                 .annotate(n=Count("pk")).values_list("profile_id", "n"))
    used = dict(computers(hromada).filter(profile__isnull=False).order_by().values("profile_id")
                .annotate(n=Count("pk")).values_list("profile_id", "n"))
    return {pk: {"items": items.get(pk, 0), "computers": used.get(pk, 0)}
            for pk in profiles(hromada).values_list("pk", flat=True)}


# --- one computer ---------------------------------------------------------------------------------------


def computer_software(hromada, item: Equipment, at: date | None = None) -> list[tuple[Installation, dict]]:
    """The computer's installations with their statuses (a handful of queries)."""
    at = at or today()
    qs = with_licensed(Installation.objects.filter(hromada=hromada, equipment=item), hromada, at)
    rows = list(qs.select_related("software").order_by("software__name_key", "pk"))
    judgement = judge_versions(hromada, Installation.objects.filter(hromada=hromada, equipment=item))
    return [(row, describe(row, judgement, at)) for row in rows]


def seats_of_computer(hromada, item: Equipment) -> QuerySet[Seat]:
    """Open seats the computer holds, and those of the person it is assigned to."""
    holder = Q(equipment=item)
    if item.assigned_user_id:
        holder |= Q(user_id=item.assigned_user_id)
    if item.assigned_name:
        holder |= Q(person_name=item.assigned_name)
    return (Seat.objects.filter(hromada=hromada, released_on__isnull=True).filter(holder)
            .select_related("licence", "licence__software", "user").order_by("licence__software__name_key", "pk"))


def used_seat_total(hromada) -> int:
    return Seat.objects.filter(hromada=hromada, released_on__isnull=True).count()


def annotate_counts_for_titles(qs: QuerySet[Software]) -> QuerySet[Software]:
    """Titles with their number of licences (one subquery)."""
    return qs.annotate(licence_count=Coalesce(Subquery(
        Licence.objects.filter(software=OuterRef("pk")).order_by().values("software")
        .annotate(n=Count("pk")).values("n"), output_field=IntegerField()), Value(0)))


def seat_total(qs: QuerySet[Licence]) -> int | None:
    """Seats of the licences together (None if one is unlimited)."""
    if qs.filter(seats__isnull=True).exists():
        return None
    return qs.aggregate(n=Coalesce(Sum("seats"), Value(0)))["n"]

