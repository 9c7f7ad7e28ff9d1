"""Reads of the open-data module, always within one hromada (house rule 2): the public catalogue with its
search and facets (the portal and the CKAN API share it), one dataset, versions, rows, and compliance."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import reduce
from operator import or_

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from hromada.core.collation import uk_sort_key
from hromada.core.ukrlemma import query_groups
from hromada.core.ukrtext import unify_apostrophes
from hromada.opendata import obligations, schedule
from hromada.opendata.models import Dataset, DatasetStatus, ObligationChoice, Resource, ResourceVersion

MAX_QUERY = 200
SORTS = {
    "title": ("title",),
    "modified": ("-last_modified_at", "pk"),
    "created": ("-first_published_at", "pk"),
    "quality": ("-quality", "pk"),
}


def public_datasets(hromada) -> QuerySet[Dataset]:
    """What the public sees: published datasets (a withdrawn one answers 410 on its own page)."""
    return Dataset.objects.filter(hromada=hromada, status=DatasetStatus.PUBLISHED)


def with_resources(qs: QuerySet[Dataset]) -> QuerySet[Dataset]:
    return qs.select_related("department").prefetch_related(
        Prefetch("resources", queryset=Resource.objects.select_related("current").order_by("position", "pk")))


def text_search(qs: QuerySet[Dataset], q: str) -> QuerySet[Dataset]:
    """Every meaningful word in any of its forms («бюджетні програми» finds «паспорти бюджетних програм»)."""
    q = unify_apostrophes((q or "").strip())[:MAX_QUERY]
    if not q:
        return qs
    groups = query_groups(q)
    if not groups:
        return qs.filter(Q(title__icontains=q) | Q(identifier__iexact=q))
    for group in groups:
        qs = qs.filter(reduce(or_, (Q(search_lemmas__contains=f" {lemma} ") for lemma in group)))
    return qs


@dataclass
class Filters:
    q: str = ""
    department: int | None = None
    fmt: str = ""
    frequency: str = ""
    topic: str = ""
    tag: str = ""
    obligation: str = ""
    modified_since: datetime | None = None
    sort: str = "title"
    extra: dict = field(default_factory=dict)


def search(qs: QuerySet[Dataset], f: Filters) -> QuerySet[Dataset]:
    qs = text_search(qs, f.q)
    if f.department:
        qs = qs.filter(department_id=f.department)
    if f.fmt:
        qs = qs.filter(resources__format=f.fmt).distinct()
    if f.frequency:
        qs = qs.filter(frequency=f.frequency)
    if f.topic:
        qs = qs.filter(topic=f.topic)
    if f.obligation:
        qs = qs.filter(obligation_code=f.obligation)
    if f.tag:
        # Keywords are a JSON list; a quoted match inside it works on both databases without a JSON index.
        qs = qs.filter(keywords__icontains=f'"{f.tag.strip().lower()}"')
    if f.modified_since:
        qs = qs.filter(updated_at__gte=f.modified_since)
    order = SORTS.get(f.sort)
    if order is None or f.sort == "title":
        from hromada.core.collation import uk

        return qs.order_by(uk("title"), "pk")
    return qs.order_by(*order)


def facets(qs: QuerySet[Dataset]) -> dict[str, Counter]:
    """Counts per unit, format, frequency, topic and keyword for the datasets the query selects."""
    ids = qs.order_by().values("pk")
    result = {
        "department": Counter(dict(Dataset.objects.filter(pk__in=ids, department__isnull=False)
                                   .values_list("department__name").annotate(n=Count("pk")).order_by())),
        "frequency": Counter(dict(Dataset.objects.filter(pk__in=ids).values_list("frequency")
                                  .annotate(n=Count("pk")).order_by())),
        "topic": Counter(dict(Dataset.objects.filter(pk__in=ids).exclude(topic="").values_list("topic")
                              .annotate(n=Count("pk")).order_by())),
        "format": Counter(dict(Resource.objects.filter(dataset__in=ids).values_list("format")
                               .annotate(n=Count("dataset", distinct=True)).order_by())),
    }
    tags: Counter = Counter()
    for keywords in Dataset.objects.filter(pk__in=ids).values_list("keywords", flat=True):
        tags.update(set(keywords or []))
    result["tag"] = tags
    return result


def public_dataset(hromada, slug: str) -> Dataset:
    """A published or withdrawn dataset by its address name or its id (the CKAN API takes either)."""
    qs = with_resources(Dataset.objects.filter(hromada=hromada).exclude(status=DatasetStatus.DRAFT))
    found = qs.filter(slug=slug).first()
    if found is None and _is_uuid(slug):
        found = qs.filter(uid=slug).first()
    if found is None:
        raise Http404
    return found


def staff_dataset(hromada, pk: int) -> Dataset:
    found = with_resources(Dataset.objects.filter(hromada=hromada, pk=pk)).select_related("responsible").first()
    if found is None:
        raise Http404
    return found


def resource(dataset: Dataset, key: str) -> Resource:
    for item in dataset.resources.all():
        if item.key == key or str(item.uid) == key:
            return item
    raise Http404


def public_resource_by_uid(hromada, uid: str) -> Resource:
    if not _is_uuid(uid):
        raise Http404
    found = (Resource.objects.select_related("dataset", "current")
             .filter(uid=uid, dataset__hromada=hromada, dataset__status=DatasetStatus.PUBLISHED).first())
    if found is None:
        raise Http404
    return found


def versions(resource: Resource) -> QuerySet[ResourceVersion]:
    return resource.versions.select_related("created_by").order_by("-number")


def version(resource: Resource, number: int) -> ResourceVersion:
    found = resource.versions.filter(number=number).first()
    if found is None:
        raise Http404
    return found


def _is_uuid(value: str) -> bool:
    import uuid

    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


# --- compliance -------------------------------------------------------------------------------------------


@dataclass
class ComplianceRow:
    unit: str
    required: int = 0
    published: int = 0
    valid: int = 0
    on_time: int = 0
    items: list = field(default_factory=list)
    quality_total: int = 0

    @property
    def quality(self) -> int | None:
        """The mean quality score of the unit's published datasets, per cent; None when none is published."""
        return round(self.quality_total / self.published) if self.published else None


def compliance(hromada, today: date | None = None) -> tuple[list[ComplianceRow], ComplianceRow]:
    """Per unit: obligations that apply, datasets published for them, valid (not blocked), on time."""
    from hromada.core.deadlines import calendar_for

    today = today or timezone.localdate()
    cal = calendar_for(hromada)
    catalogue = obligations.load()
    chosen = {c.code: c for c in ObligationChoice.objects.filter(hromada=hromada, applies=True)
              .select_related("department", "responsible")}
    datasets = {d.obligation_code: d for d in Dataset.objects.filter(hromada=hromada).exclude(obligation_code="")
                .exclude(status=DatasetStatus.WITHDRAWN).select_related("department")}
    rows: dict[str, ComplianceRow] = {}
    total = ComplianceRow(unit="")
    for code, choice in chosen.items():
        obligation = catalogue.get(code)
        if obligation is None:
            continue
        dataset = datasets.get(code)
        department = (choice.department or (dataset.department if dataset else None))
        unit = department.name if department else ""
        row = rows.setdefault(unit, ComplianceRow(unit=unit))
        published = dataset is not None and dataset.status == DatasetStatus.PUBLISHED
        valid = published and not dataset.blocked_reason
        status = schedule.state(dataset.next_due, today, cal) if dataset is not None else "overdue"
        on_time = published and status != "overdue"
        for target in (row, total):
            target.required += 1
            target.published += published
            target.valid += valid
            target.on_time += on_time
            target.quality_total += dataset.quality if published else 0
        row.items.append({"obligation": obligation, "choice": choice, "dataset": dataset, "published": published,
                          "valid": valid, "on_time": on_time, "state": status})
    ordered = sorted(rows.values(), key=lambda r: (r.unit == "", uk_sort_key(r.unit)))
    for row in ordered:
        row.items.sort(key=lambda item: item["obligation"].code)
    return ordered, total
