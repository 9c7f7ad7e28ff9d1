"""Reads of the equipment register, tenant-scoped (house rule 2) and bounded at 50 000 items: a list page is a
count and one page of rows with their institution, department, account and parent joined; summaries are GROUP BY
queries; the depreciation totals stream the few columns they need through one cursor.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from hromada.core.ukrtext import search_key
from hromada.itassets.equipment import lifecycle
from hromada.itassets.models import (
    Assignment,
    Category,
    Equipment,
    FundingSource,
    InventoryCheck,
    InventoryRound,
)
from hromada.itassets.models.equipment import COMPUTER_CATEGORIES

Status = Equipment.Status
# The park: what the hromada still holds (everything not written off).
HELD = ~Q(status=Status.WRITTEN_OFF)
SORTS = {
    "inventory_number": ("inventory_number",),
    "name": ("name_key",),
    "category": ("category", "inventory_number"),
    "purchase_date": ("purchase_date", "inventory_number"),
    "end_of_life": ("end_of_life", "inventory_number"),
    "next_check_due": ("next_check_due", "inventory_number"),
    "cost": ("cost", "inventory_number"),
    "status": ("status", "inventory_number"),
}
WARRANTY_SOON_DAYS = 30


def items(hromada) -> QuerySet[Equipment]:
    """The hromada's items with what a list row shows joined in (no query per row)."""
    return (Equipment.objects.filter(hromada=hromada)
            .select_related("institution", "department", "assigned_user", "parent"))


def item(hromada, pk) -> Equipment:
    try:
        return items(hromada).select_related("programme_task", "write_off_act", "profile").get(pk=pk)
    except (Equipment.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None


@dataclass
class Filters:
    """What the list, its export, the label sheet and the API filter by (all optional)."""

    q: str = ""
    category: str = ""
    status: str = ""
    institution: int | None = None  # 0: the council's own (no institution)
    department: int | None = None
    funding_source: str = ""
    older_than_years: int | None = None
    past_end_of_life: bool = False
    check_due: bool = False  # due for an inventory check by today
    warranty_expired: bool = False
    warranty_ending: bool = False  # warranty ends within WARRANTY_SOON_DAYS
    assigned: bool | None = None
    include_written_off: bool = True
    ids: list[int] = field(default_factory=list)
    sort: str = ""

    def active(self) -> bool:
        return any((self.q, self.category, self.status, self.institution is not None, self.department,
                    self.funding_source, self.older_than_years, self.past_end_of_life, self.check_due,
                    self.warranty_expired, self.warranty_ending, self.assigned is not None, self.ids))


def search(qs: QuerySet[Equipment], query: str) -> QuerySet[Equipment]:
    """Every word of the query in the item's search key (inventory number, name, manufacturer, model, serial,
    the person), or the query as an inventory number."""
    from hromada.itassets.equipment.services import normalise_inventory_number

    query = (query or "").replace("\x00", "")[:200]
    words = search_key(query).split()
    if not words:
        return qs
    condition = Q()
    for word in words[:8]:
        condition &= Q(name_key__contains=word)
    number = normalise_inventory_number(query)
    if number:
        condition |= Q(inventory_number=number)
    return qs.filter(condition)


def filtered(hromada, filters: Filters, *, today: date | None = None) -> QuerySet[Equipment]:
    today = today or timezone.localdate()
    qs = search(items(hromada), filters.q)
    if filters.category in Category.values:
        qs = qs.filter(category=filters.category)
    if filters.status in Status.values:
        qs = qs.filter(status=filters.status)
    elif not filters.include_written_off:
        qs = qs.filter(HELD)
    if filters.institution == 0:
        qs = qs.filter(institution__isnull=True)
    elif filters.institution:
        qs = qs.filter(institution_id=filters.institution)
    if filters.department:
        qs = qs.filter(department_id=filters.department)
    if filters.funding_source in FundingSource.values:
        qs = qs.filter(funding_source=filters.funding_source)
    if filters.older_than_years:
        qs = qs.filter(purchase_date__lte=lifecycle.age_cutoff(today, filters.older_than_years))
    if filters.past_end_of_life:
        qs = qs.filter(end_of_life__lte=today)
    if filters.check_due:
        qs = qs.filter(HELD, next_check_due__lte=today)
    if filters.warranty_expired:
        qs = qs.filter(warranty_until__lt=today)
    if filters.warranty_ending:
        qs = qs.filter(HELD, warranty_until__gte=today,
                       warranty_until__lte=today + timedelta(days=WARRANTY_SOON_DAYS))
    if filters.assigned is True:
        qs = qs.exclude(assigned_name="")
    elif filters.assigned is False:
        qs = qs.filter(assigned_name="")
    if filters.ids:
        qs = qs.filter(pk__in=filters.ids[:1000])
    key = filters.sort.lstrip("-")
    if key in SORTS:
        prefix = "-" if filters.sort.startswith("-") else ""
        qs = qs.order_by(*(prefix + name for name in SORTS[key]), prefix + "pk")
    else:
        qs = qs.order_by("inventory_number", "pk")
    return qs


# --- one item ---------------------------------------------------------------------------------------------


def assignments(item: Equipment) -> QuerySet[Assignment]:
    return (Assignment.objects.filter(hromada_id=item.hromada_id, equipment=item)
            .select_related("user", "institution", "department", "parent", "recorded_by"))


def checks(item: Equipment) -> QuerySet[InventoryCheck]:
    return (InventoryCheck.objects.filter(equipment=item, round__hromada_id=item.hromada_id)
            .select_related("round").order_by("-round__started_on", "-pk"))


def components(item: Equipment) -> QuerySet[Equipment]:
    return Equipment.objects.filter(hromada_id=item.hromada_id, parent=item).order_by("inventory_number", "pk")


def parent_choices(hromada, exclude: Equipment | None = None) -> QuerySet[Equipment]:
    qs = Equipment.objects.filter(hromada=hromada).filter(HELD).order_by("inventory_number")
    return qs.exclude(pk=exclude.pk) if exclude is not None and exclude.pk else qs


# --- summaries --------------------------------------------------------------------------------------------

AGE_BANDS = ((0, 3), (3, 5), (5, 8), (8, None))  # whole years: [from, to)


@dataclass
class Summary:
    total: int = 0
    cost: Decimal = Decimal(0)
    by_category: list = field(default_factory=list)  # (category, label, count, cost)
    by_status: list = field(default_factory=list)  # (status, label, count)
    by_age: list = field(default_factory=list)  # (label, count)
    unknown_age: int = 0
    past_end_of_life: int = 0
    check_due: int = 0


def summary(qs: QuerySet[Equipment], *, today: date) -> Summary:
    """Counts and costs of a (filtered) list by category, status and age band: four aggregate queries."""
    result = Summary()
    labels = dict(Category.choices)
    plain = qs.order_by()
    for row in plain.values("category").annotate(n=Count("pk"), cost=Sum("cost")).order_by("category"):
        result.by_category.append((row["category"], labels.get(row["category"], row["category"]), row["n"],
                                   row["cost"] or Decimal(0)))
        result.total += row["n"]
        result.cost += row["cost"] or Decimal(0)
    status_labels = dict(Status.choices)
    counted = dict(plain.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    result.by_status = [(value, status_labels[value], counted[value]) for value in Status.values if value in counted]
    bands = {}
    for low, high in AGE_BANDS:
        condition = Q(purchase_date__lte=lifecycle.age_cutoff(today, low)) if low else Q(purchase_date__isnull=False)
        if high is not None:
            condition &= Q(purchase_date__gt=lifecycle.age_cutoff(today, high))
        bands[f"b{low}"] = Count("pk", filter=condition)
    bands["unknown"] = Count("pk", filter=Q(purchase_date__isnull=True))
    bands["eol"] = Count("pk", filter=Q(end_of_life__lte=today) & HELD)
    bands["due"] = Count("pk", filter=Q(next_check_due__lte=today) & HELD)
    counts = plain.aggregate(**bands)
    for low, high in AGE_BANDS:
        result.by_age.append(((low, high), counts[f"b{low}"]))
    result.unknown_age = counts["unknown"]
    result.past_end_of_life = counts["eol"]
    result.check_due = counts["due"]
    return result


@dataclass
class DepreciationTotals:
    items: int = 0  # items with a cost and a purchase date
    cost: Decimal = Decimal("0.00")
    accumulated: Decimal = Decimal("0.00")
    residual: Decimal = Decimal("0.00")
    by_category: dict = field(default_factory=dict)  # category → [cost, accumulated, residual]


def depreciation_totals(qs: QuerySet[Equipment], hromada, *, at: date) -> DepreciationTotals:
    """Book values of a (filtered) list by a date, exact to the kopeck: the four columns it needs stream
    through one cursor and each item is depreciated in Decimal (the same function as its page)."""
    terms = lifecycle.policies(hromada)
    totals = DepreciationTotals()
    by_category: dict[str, list[Decimal]] = defaultdict(lambda: [Decimal("0.00")] * 3)
    rows = (qs.order_by().filter(cost__isnull=False, purchase_date__isnull=False)
            .values_list("category", "cost", "purchase_date", "useful_life_years"))
    for category, cost, purchased, own_life in rows.iterator(chunk_size=5000):
        years = own_life or terms[category].useful_life_years
        value = lifecycle.depreciation(cost, purchased, years, at)
        if value is None:
            continue
        totals.items += 1
        sums = by_category[category]
        sums[0] += value.cost
        sums[1] += value.accumulated
        sums[2] += value.residual
    for sums in by_category.values():
        totals.cost += sums[0]
        totals.accumulated += sums[1]
        totals.residual += sums[2]
    totals.by_category = dict(by_category)
    return totals


# --- computers, for the programme's indicators ------------------------------------------------------------


def computers(hromada) -> QuerySet[Equipment]:
    """Desktop computers and laptops the hromada holds (not written off)."""
    return Equipment.objects.filter(hromada=hromada, category__in=COMPUTER_CATEGORIES).filter(HELD)


def computer_figures(hromada, at: date) -> dict[str, int]:
    """Held computers, those not older than five years and those to write off, in one aggregate query."""
    cutoff = lifecycle.age_cutoff(at, lifecycle.MODERN_YEARS)
    return computers(hromada).aggregate(
        total=Count("pk"),
        modern=Count("pk", filter=Q(purchase_date__gt=cutoff)),
        to_write_off=Count("pk", filter=Q(status=Status.TO_WRITE_OFF) | Q(end_of_life__lte=at)),
    )


# --- inventory rounds -------------------------------------------------------------------------------------


def rounds(hromada) -> QuerySet[InventoryRound]:
    return (InventoryRound.objects.filter(hromada=hromada).select_related("institution", "department", "conducted_by")
            .annotate(checked=Count("checks"), missing=Count("checks", filter=Q(checks__result="missing")))
            .order_by("-started_on", "-pk"))


def round_(hromada, pk) -> InventoryRound:
    try:
        return (InventoryRound.objects.filter(hromada=hromada)
                .select_related("institution", "department", "conducted_by").get(pk=pk))
    except (InventoryRound.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None


def round_sheet(round_obj: InventoryRound) -> tuple[list[tuple[Equipment, InventoryCheck | None]], list, Counter]:
    """The round's rows: every expected item with its finding (or none yet), then the unexpected items recorded,
    and the counts by result. Three queries."""
    from hromada.itassets.equipment.services import expected_items

    found = {check.equipment_id: check for check in
             InventoryCheck.objects.filter(round=round_obj).select_related("equipment")}
    expected = list(expected_items(round_obj).select_related("department").order_by("inventory_number", "pk")) \
        if round_obj.status == InventoryRound.Status.OPEN else []
    if round_obj.status == InventoryRound.Status.OPEN:
        rows = [(item, found.get(item.pk)) for item in expected]
        expected_ids = {item.pk for item in expected}
        extra = [check for pk, check in found.items() if pk not in expected_ids]
    else:  # a closed round lists what it recorded (the location's items may have changed since)
        rows = [(check.equipment, check) for check in
                sorted(found.values(), key=lambda c: (c.equipment.inventory_number, c.pk))]
        extra = []
    counts = Counter(check.result for check in found.values())
    return rows, sorted(extra, key=lambda c: c.equipment.inventory_number), counts
