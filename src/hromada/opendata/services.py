"""Writes of the open-data module: obligations chosen, datasets and their passports, resources, withdrawal.

Publishing versions lives in ``publishing``; this module keeps the passport and the hromada's choices.
"""

from __future__ import annotations

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from translitua import UkrainianKMU, translit

from hromada.core import audit
from hromada.core import datasets as registry
from hromada.core.deadlines import calendar_for
from hromada.core.hromada_settings import get_setting
from hromada.core.models import AuditEntry
from hromada.core.roles import can
from hromada.opendata import obligations, quality, schedule
from hromada.opendata.models import (
    DESCRIPTION_MAX,
    TITLE_MAX,
    Dataset,
    DatasetStatus,
    ObligationChoice,
    Resource,
    ResourceFormat,
    ResourceKind,
)
from hromada.opendata.permissions import MANAGE, may_edit

PASSPORT_FIELDS = ("title", "description", "language", "keywords", "frequency", "topic", "department",
                   "responsible", "contact_name", "contact_email", "basis", "purpose", "license")


def transliterated_slug(text: str, max_length: int = 90) -> str:
    """An address name in the official transliteration (КМУ № 55 of 27.01.2010), lowercase, hyphenated."""
    latin = translit(text.replace("’", "").replace("'", "").replace("ʼ", ""), UkrainianKMU)
    slug = slugify(latin)[:max_length].strip("-")
    return slug or "dataset"


def _unique_slug(hromada, base: str, exclude_pk=None) -> str:
    taken = set(Dataset.objects.filter(hromada=hromada, slug__startswith=base).exclude(pk=exclude_pk)
                .values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug = f"{base[:90]}-{n}"
        n += 1
    return slug


def default_identifier(hromada, code: str, slug: str) -> str:
    edrpou = get_setting(hromada, "opendata.publisher_edrpou") or hromada.katottg
    return f"{edrpou}-{code or slug}"


def clean_keywords(value) -> list[str]:
    """Keywords from a list or a comma/semicolon-separated line: trimmed, lowercased, distinct, in order."""
    items = value if isinstance(value, (list, tuple)) else re.split(r"[,;\n]", str(value or ""))
    seen, result = set(), []
    for item in items:
        word = " ".join(str(item).split()).lower()
        if word and word not in seen:
            seen.add(word)
            result.append(word[:60])
    return result[:30]


def check_passport(data: dict) -> None:
    errors = {}
    if len(data.get("title") or "") > TITLE_MAX:
        errors["title"] = _("The title may have at most %(n)d characters (the Положення of Resolution 835).") % {
            "n": TITLE_MAX}
    if len(data.get("description") or "") > DESCRIPTION_MAX:
        errors["description"] = _(
            "The description may have at most %(n)d characters (the Положення of Resolution 835).") % {
            "n": DESCRIPTION_MAX}
    for name in ("title", "description", "contact_name", "contact_email", "basis", "frequency"):
        if not str(data.get(name) or "").strip():
            errors.setdefault(name, _("This passport element is required."))
    if errors:
        raise ValidationError(errors)


def create_dataset(hromada, user, *, obligation_code: str = "", live_key: str = "", **passport) -> Dataset:
    """A draft dataset with its passport; a live one gets its passport defaults from the declaration."""
    if not can(user, hromada, MANAGE):
        raise PermissionDenied
    if live_key:
        if live_key not in registry.REGISTRY:
            raise ValidationError(_("Unknown generated dataset."))
        live = registry.get(live_key)
        defaults = {"title": str(live.title), "description": str(live.description), "frequency": live.frequency,
                    "keywords": [str(k) for k in live.keywords], "topic": live.topic, "basis": str(live.basis),
                    "purpose": str(live.purpose)}
        obligation_code = obligation_code or live.obligation
        passport = {**defaults, **{k: v for k, v in passport.items() if v not in (None, "")}}
    if obligation_code and obligations.load().get(obligation_code) is None:
        raise ValidationError(_("Unknown obligation."))
    passport.setdefault("contact_name", user.full_name if user else "")
    passport.setdefault("contact_email", getattr(user, "email", ""))
    passport.setdefault("license", get_setting(hromada, "opendata.license"))
    passport["keywords"] = clean_keywords(passport.get("keywords"))
    check_passport(passport)
    slug = _unique_slug(hromada, transliterated_slug(passport["title"]))
    dataset = Dataset(hromada=hromada, slug=slug, obligation_code=obligation_code, live_key=live_key,
                      identifier=default_identifier(hromada, obligation_code, slug),
                      **{k: v for k, v in passport.items() if k in PASSPORT_FIELDS})
    if Dataset.objects.filter(hromada=hromada, identifier=dataset.identifier).exists():
        dataset.identifier = default_identifier(hromada, "", slug)
    try:
        with transaction.atomic():
            dataset.save()
            if live_key:
                from hromada.opendata.publishing import ensure_live_resources

                ensure_live_resources(dataset)
    except IntegrityError:
        raise ValidationError(_("A dataset with this identifier exists already.")) from None
    _refresh(dataset)
    audit.record(AuditEntry.Action.CREATE, dataset, hromada=hromada, actor=user)
    return dataset


def update_passport(dataset: Dataset, user, data: dict) -> Dataset:
    if not may_edit(user, dataset):
        raise PermissionDenied
    data = {k: v for k, v in data.items() if k in PASSPORT_FIELDS}
    if "keywords" in data:
        data["keywords"] = clean_keywords(data["keywords"])
    merged = {name: getattr(dataset, name) for name in PASSPORT_FIELDS} | data
    check_passport(merged)
    changes = {name: [str(getattr(dataset, name)), str(value)] for name, value in data.items()
               if getattr(dataset, name) != value}
    for name, value in data.items():
        setattr(dataset, name, value)
    dataset.save()
    _refresh(dataset)
    if changes:
        audit.record(AuditEntry.Action.UPDATE, dataset, hromada=dataset.hromada, actor=user, changes=changes)
    return dataset


def add_resource(dataset: Dataset, user, *, title: str, description: str = "", fmt: str = "csv") -> Resource:
    if not may_edit(user, dataset):
        raise PermissionDenied
    if dataset.is_live:
        raise ValidationError(_("A generated dataset takes its resources from the platform."))
    if fmt not in ResourceFormat.values:
        raise ValidationError({"format": _("Choose CSV, XLSX, JSON, GeoJSON or PDF.")})
    if not title.strip():
        raise ValidationError({"title": _("Give the resource a title.")})
    base = transliterated_slug(title, 50)
    taken = set(dataset.resources.values_list("key", flat=True))
    key, n = base, 2
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    resource = Resource.objects.create(dataset=dataset, key=key, title=title.strip()[:TITLE_MAX],
                                       description=description.strip(), kind=ResourceKind.UPLOAD, format=fmt,
                                       position=len(taken))
    audit.record(AuditEntry.Action.CREATE, resource, hromada=dataset.hromada, actor=user)
    return resource


def confirm_current(dataset: Dataset, user) -> Dataset:
    """Staff say the published data still holds: the update this period is made without a new file."""
    if not may_edit(user, dataset):
        raise PermissionDenied
    if dataset.last_modified_at is None:
        raise ValidationError(_("Publish the data first."))
    dataset.checked_at = timezone.now()
    dataset.relevance_date = timezone.localdate()
    dataset.save(update_fields=["checked_at", "relevance_date", "updated_at"])
    _refresh(dataset)
    audit.record(AuditEntry.Action.UPDATE, dataset, hromada=dataset.hromada, actor=user,
                 changes={"checked_at": [None, dataset.checked_at]})
    return dataset


def mark_source_changed(dataset: Dataset, user, when=None) -> Dataset:
    """For an uploaded dataset updated "immediately after a change": the source changed, the clock starts."""
    if not may_edit(user, dataset):
        raise PermissionDenied
    dataset.source_changed_at = when or timezone.now()
    dataset.save(update_fields=["source_changed_at", "updated_at"])
    _refresh(dataset)
    return dataset


def withdraw(dataset: Dataset, user, reason: str) -> Dataset:
    if not can(user, dataset.hromada, MANAGE):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the dataset is withdrawn.")})
    dataset.status = DatasetStatus.WITHDRAWN
    dataset.save(update_fields=["status", "updated_at"])
    _refresh(dataset)
    audit.record(AuditEntry.Action.UPDATE, dataset, hromada=dataset.hromada, actor=user,
                 changes={"status": ["published", "withdrawn"], "reason": [None, reason]})
    return dataset


def restore(dataset: Dataset, user) -> Dataset:
    if not can(user, dataset.hromada, MANAGE):
        raise PermissionDenied
    dataset.status = DatasetStatus.PUBLISHED if dataset.last_modified_at else DatasetStatus.DRAFT
    dataset.save(update_fields=["status", "updated_at"])
    _refresh(dataset)
    audit.record(AuditEntry.Action.UPDATE, dataset, hromada=dataset.hromada, actor=user,
                 changes={"status": ["withdrawn", dataset.status]})
    return dataset


def delete_draft(dataset: Dataset, user) -> None:
    if not can(user, dataset.hromada, MANAGE):
        raise PermissionDenied
    if dataset.first_published_at is not None:
        raise ValidationError(_("A dataset that was published is withdrawn, not deleted: its versions stay."))
    audit.record(AuditEntry.Action.DELETE, dataset, hromada=dataset.hromada, actor=user)
    dataset.delete()


def _refresh(dataset: Dataset) -> None:
    """Due date and quality follow every change of the passport or status."""
    dataset.next_due = schedule.next_due(dataset, calendar_for(dataset.hromada))
    dataset.quality, dataset.quality_detail = quality.score(dataset)
    Dataset.objects.filter(pk=dataset.pk).update(next_due=dataset.next_due, quality=dataset.quality,
                                                 quality_detail=dataset.quality_detail)


# --- obligations ------------------------------------------------------------------------------------------


def choose_obligation(hromada, user, code: str, *, applies: bool, reason: str = "", department=None,
                      responsible=None) -> ObligationChoice:
    if not can(user, hromada, MANAGE):
        raise PermissionDenied
    if obligations.load().get(code) is None:
        raise ValidationError(_("Unknown obligation."))
    if not applies and not reason.strip():
        raise ValidationError({"reason": _("Say why the obligation does not apply to the hromada.")})
    if department is not None and department.hromada_id != hromada.pk:
        raise ValidationError({"department": _("Choose a unit of this hromada.")})
    choice, _created = ObligationChoice.objects.update_or_create(
        hromada=hromada, code=code,
        defaults={"applies": applies, "reason": reason.strip() if not applies else "", "department": department,
                  "responsible": responsible},
    )
    audit.record(AuditEntry.Action.UPDATE, choice, hromada=hromada, actor=user,
                 changes={"code": code, "applies": applies})
    return choice


def start_obligation(hromada, user, code: str) -> Dataset:
    """The dataset that fulfils a chosen obligation: generated if the platform has it, else a draft to upload."""
    obligation = obligations.load().get(code)
    if obligation is None:
        raise ValidationError(_("Unknown obligation."))
    existing = Dataset.objects.filter(hromada=hromada, obligation_code=code).first()
    if existing is not None:
        return existing
    choice = ObligationChoice.objects.filter(hromada=hromada, code=code).first()
    passport = {}
    if choice is not None:
        passport = {"department": choice.department, "responsible": choice.responsible}
        if choice.responsible is not None:
            passport.update(contact_name=choice.responsible.full_name,
                            contact_email=choice.responsible.email)
    if obligation.live and obligation.live in registry.REGISTRY:
        return create_dataset(hromada, user, obligation_code=code, live_key=obligation.live, **passport)
    return create_dataset(
        hromada, user, obligation_code=code, title=obligation.title,
        description=_("«%(title)s» of the council, published under Resolution 835.") % {"title": obligation.title},
        frequency=obligation.frequency or "yearly", basis=obligation.basis, **passport,
    )
