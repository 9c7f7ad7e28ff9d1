"""All writes of the equipment register (house rule 1): items, category policies, check-out and check-in, status
changes, write-off and its undoing, inventory rounds.

``check_*`` validate and raise ValidationError (a dict by field where a field is to blame); the verbs change
state inside ``transaction.atomic`` under a row lock of the item, and every change is one audit entry. Views,
the API, the import and the demo call these and nothing else. The derived dates the lists filter on (the end
of useful life, the next inventory check) and the search key are kept on the row here.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.core import audit
from hromada.core.models import AuditEntry, Department, Institution, RoleAssignment
from hromada.core.services import check_can, check_same_hromada
from hromada.core.ukrtext import (
    LATIN_TO_CYRILLIC,
    clean_text,
    collapse_spaces,
    fix_lookalikes,
    normalise,
    search_key,
)
from hromada.itassets.equipment import lifecycle
from hromada.itassets.models import (
    Assignment,
    Category,
    CategoryPolicy,
    Equipment,
    FundingSource,
    InventoryCheck,
    InventoryRound,
)
from hromada.itassets.permissions import MANAGE

Status = Equipment.Status
# What the edit form and the API may set as the status; written off only through write_off().
EDITABLE_STATUSES = tuple(s for s in Status.values if s != Status.WRITTEN_OFF)
# The fields an item's edit form, the API and the import write (the rest belong to the verbs below).
ITEM_FIELDS = ("inventory_number", "category", "name", "manufacturer", "model", "serial_number", "specification",
               "purchase_date", "cost", "funding_source", "programme_task", "warranty_until", "useful_life_years",
               "institution", "department", "room", "parent", "profile", "status", "notes")
TEXT_LIMITS = {"inventory_number": 50, "name": 200, "manufacturer": 100, "model": 150, "serial_number": 100,
               "room": 100}


def today() -> date:
    return timezone.localdate()


# --- inventory numbers ------------------------------------------------------------------------------------

_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))
_DASHES = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
                         "\u2212": "-"})
# Digits with a letter O (Latin or Cyrillic, either case) among them: a zero typed on the wrong key.
_DIGITS_WITH_O = re.compile(r"\d[\dOoОо]*\d")
_LETTER_O = re.compile("[OoОо]")
_LETTERS = re.compile(r"[^\W\d_]+")
_TO_CYRILLIC = str.maketrans({latin: cyrillic for latin, cyrillic in LATIN_TO_CYRILLIC.items() if latin.isupper()})


def _cyrillic_twins(match: re.Match) -> str:
    """A run of capitals drawn alike in both alphabets (РС, АВ, ТМ) is stored in Cyrillic, whichever was typed."""
    word = match.group()
    return word.translate(_TO_CYRILLIC) if all(ch in _TWINS for ch in word) else word


_TWINS = frozenset(ch for pair in LATIN_TO_CYRILLIC.items() for ch in pair if ch.isupper())


def normalise_inventory_number(text: str | None) -> str:
    """An inventory number as stored: trimmed, single spaces, one kind of hyphen, upper case, Latin look-alikes
    in Cyrillic words folded to Cyrillic (core.ukrtext.fix_lookalikes: «ПK-12» → «ПК-12», «12-A» → «12-А»), a run
    of letters that look the same in both alphabets in Cyrillic («PC-7» typed in Latin = «РС-7» typed in
    Cyrillic), and a letter O among digits read as the zero it was meant to be («10О34» → «10034»)."""
    text = unicodedata.normalize("NFC", clean_text(str(text or ""))).translate(_INVISIBLE).translate(_DASHES)
    text = collapse_spaces(text)
    text = _DIGITS_WITH_O.sub(lambda match: _LETTER_O.sub("0", match.group()), text)
    text = fix_lookalikes(text.upper())
    return _LETTERS.sub(_cyrillic_twins, text)


def item_search_key(item: Equipment) -> str:
    """What the list's search looks in: inventory number, name, manufacturer, model, serial, the person."""
    parts = (item.inventory_number, item.name, item.manufacturer, item.model, item.serial_number, item.assigned_name)
    return search_key(" ".join(part for part in parts if part))[:400]


# --- items ------------------------------------------------------------------------------------------------


def _member(hromada, user) -> bool:
    return RoleAssignment.objects.filter(hromada=hromada, user=user).exists()


def _ancestors(item: Equipment, limit: int = 20):
    """The items `item` is part of, upwards (bounded: a chain longer than `limit` is refused anyway)."""
    seen = 0
    current = item.parent
    while current is not None and seen < limit:
        yield current
        current = current.parent
        seen += 1


def _check_parent(item: Equipment, parent: Equipment | None, hromada, field: str, errors: dict) -> None:
    if parent is None:
        return
    if parent.hromada_id != hromada.pk:
        errors[field] = _("Choose an item of this hromada.")
    elif item.pk is not None and parent.pk == item.pk:
        errors[field] = _("An item cannot be part of itself.")
    elif item.pk is not None and any(a.pk == item.pk for a in _ancestors(parent)):
        errors[field] = _("This item is itself part of the chosen one.")
    elif parent.status == Status.WRITTEN_OFF:
        errors[field] = _("The chosen item is written off.")


def _check_tenant_links(item: Equipment, hromada, errors: dict) -> None:
    """Every record the item names belongs to this hromada (another's id is as unknown as a made-up one)."""
    for name in ("institution", "department", "write_off_act", "profile"):
        related = getattr(item, name, None)
        if related is not None and related.hromada_id != hromada.pk:
            errors[name] = _("Choose a record of this hromada.")
    task = item.programme_task
    if task is not None and task.programme.hromada_id != hromada.pk:
        errors["programme_task"] = _("Choose a task of this hromada's programme.")
    if item.assigned_user_id is not None and not _member(hromada, item.assigned_user):
        errors["assigned_user"] = _("Choose a member of this hromada's staff.")
    _check_parent(item, item.parent, hromada, "parent", errors)


def prepare_item(item: Equipment) -> None:
    """Normalise the typed fields in place (the form, the API and the import all go through here)."""
    item.inventory_number = normalise_inventory_number(item.inventory_number)
    item.name = normalise(clean_text(item.name or ""))
    for name in ("manufacturer", "model", "serial_number", "room"):
        setattr(item, name, collapse_spaces(clean_text(getattr(item, name) or "")))
    item.serial_number = item.serial_number.upper() if item.serial_number else ""
    for name in ("specification", "notes"):
        setattr(item, name, clean_text(getattr(item, name) or "").strip())
    item.funding_source = item.funding_source or ""


def check_item(item: Equipment, hromada, *, stored: Equipment | None = None) -> None:
    """The item's own rules beyond the model's field validation; raises ValidationError by field."""
    errors: dict = {}
    now = today()
    if not item.inventory_number:
        errors["inventory_number"] = _("Give the inventory number.")
    elif len(item.inventory_number) > 50:
        errors["inventory_number"] = _("At most 50 characters.")
    else:
        clash = (Equipment.objects.filter(hromada=hromada, inventory_number=item.inventory_number)
                 .exclude(pk=item.pk).values_list("name", flat=True).first())
        if clash is not None:
            errors["inventory_number"] = _("The hromada already has an item with this inventory number: "
                                           "«%(name)s».") % {"name": clash}
    if not item.name:
        errors["name"] = _("Give the item's name.")
    for name, limit in TEXT_LIMITS.items():
        if name not in errors and len(getattr(item, name) or "") > limit:
            errors[name] = _("At most %(count)s characters.") % {"count": limit}
    if item.category not in Category.values:
        errors["category"] = _("Choose a category from the list.")
    if item.funding_source and item.funding_source not in FundingSource.values:
        errors["funding_source"] = _("Choose a funding source from the list.")
    if item.purchase_date and item.purchase_date > now:
        errors["purchase_date"] = _("The purchase date cannot be in the future.")
    if item.purchase_date and item.purchase_date.year < 1950:
        errors["purchase_date"] = _("Check the year of the purchase date.")
    if item.warranty_until and item.purchase_date and item.warranty_until < item.purchase_date:
        errors["warranty_until"] = _("The warranty cannot end before the purchase.")
    if item.cost is not None and item.cost < 0:
        errors["cost"] = _("The cost cannot be negative.")
    if item.useful_life_years is not None and not (isinstance(item.useful_life_years, int)
                                                   and 1 <= item.useful_life_years <= 50):
        errors["useful_life_years"] = _("From 1 to 50 years.")
    previous = stored.status if stored is not None else None
    if item.status not in Status.values:
        errors["status"] = _("Choose a status from the list.")
    elif item.status == Status.WRITTEN_OFF and previous != Status.WRITTEN_OFF:
        errors["status"] = _("An item is written off through the write-off, with its reason and date.")
    elif previous == Status.WRITTEN_OFF and item.status != Status.WRITTEN_OFF:
        errors["status"] = _("A written-off item returns to service only by undoing the write-off.")
    _check_tenant_links(item, hromada, errors)
    if errors:
        raise ValidationError(errors)


def derive(item: Equipment, terms: dict | None = None, *, hromada=None) -> None:
    """The dates and the search key kept on the row: end of life, next inventory check, name_key."""
    terms = terms if terms is not None else lifecycle.policies(hromada or item.hromada)
    category = terms.get(item.category)
    years = item.useful_life_years or (category.useful_life_years if category else None)
    item.end_of_life = lifecycle.end_of_life(item.purchase_date, years)
    months = category.audit_interval_months if category else lifecycle.DEFAULT_AUDIT_MONTHS
    item.next_check_due = lifecycle.next_check_due(item.last_checked_on, item.purchase_date, months)
    item.name_key = item_search_key(item)


def _save(item: Equipment, *, create: bool) -> None:
    try:
        with transaction.atomic():
            item.save(force_insert=create)
    except IntegrityError:
        # A concurrent request saved the same inventory number between the check and the save.
        raise ValidationError({"inventory_number": _("The record conflicts with one saved meanwhile; please check "
                                                     "and retry.")}) from None


def save_item(item: Equipment, *, actor, hromada) -> Equipment:
    """Create or change an item (its fields already set on it), validated, derived and logged."""
    check_can(actor, hromada, MANAGE)
    creating = item.pk is None
    if creating:
        item.hromada = hromada
    check_same_hromada(item, hromada)
    prepare_item(item)
    with transaction.atomic():
        stored = None
        before: dict = {}
        if not creating:
            stored = Equipment.objects.select_for_update().get(pk=item.pk)
            check_same_hromada(stored, hromada)
            before = audit.snapshot(stored)
            # What only the verbs change stays as stored, whatever the caller's copy says.
            for name in ("assigned_user_id", "assigned_name", "last_checked_on", "written_off_on",
                         "write_off_reason", "write_off_act_id"):
                setattr(item, name, getattr(stored, name))
        check_item(item, hromada, stored=stored)
        derive(item, hromada=hromada)
        try:
            item.full_clean(exclude=["hromada", "name_key"])
        except ValidationError as error:
            raise _public(error) from None
        _save(item, create=creating)
        changes = audit.diff(before, audit.snapshot(item))
        for stamp in ("updated_at", "created_at", "name_key"):
            changes.pop(stamp, None)
        if creating or changes:
            audit.record(AuditEntry.Action.CREATE if creating else AuditEntry.Action.UPDATE, item,
                         changes=changes, actor=actor, hromada=hromada)
    return item


def _public(error: ValidationError) -> ValidationError:
    """The model's own errors, with a derived field's complaint reported on the field the user typed."""
    if not hasattr(error, "error_dict"):
        return error
    renamed = {("name" if field == "name_key" else field): messages for field, messages in error.error_dict.items()}
    return ValidationError(renamed)


def create_item(hromada, actor, **fields) -> Equipment:
    unknown = set(fields) - set(ITEM_FIELDS)
    if unknown:
        raise ValueError(f"not item fields: {sorted(unknown)}")
    item = Equipment(hromada=hromada, **fields)
    return save_item(item, actor=actor, hromada=hromada)


def update_item(item: Equipment, actor, *, hromada, **fields) -> Equipment:
    unknown = set(fields) - set(ITEM_FIELDS)
    if unknown:
        raise ValueError(f"not item fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(item, name, value)
    return save_item(item, actor=actor, hromada=hromada)


# --- category policies ------------------------------------------------------------------------------------


def check_policy(category: str, useful_life_years, audit_interval_months) -> None:
    errors = {}
    if category not in Category.values:
        errors["category"] = _("Choose a category from the list.")
    if not isinstance(useful_life_years, int) or not 1 <= useful_life_years <= 50:
        errors["useful_life_years"] = _("From 1 to 50 years.")
    if not isinstance(audit_interval_months, int) or not 1 <= audit_interval_months <= 120:
        errors["audit_interval_months"] = _("From 1 to 120 months.")
    if errors:
        raise ValidationError(errors)


def recompute_category(hromada, category: str, terms: lifecycle.Terms) -> int:
    """Recompute the end of life and the next check of every item of a category in two UPDATE statements,
    whatever their number; items with their own useful life keep their end of life. Returns items touched."""
    items = Equipment.objects.filter(hromada=hromada, category=category)
    eol = items.filter(useful_life_years__isnull=True)
    eol.filter(purchase_date__isnull=True).update(end_of_life=None)
    eol.filter(purchase_date__isnull=False).update(end_of_life=lifecycle.end_of_life_sql(terms.useful_life_years))
    dated = items.exclude(last_checked_on__isnull=True, purchase_date__isnull=True)
    return dated.update(next_check_due=lifecycle.next_check_sql(terms.audit_interval_months))


def set_policy(hromada, actor, *, category: str, useful_life_years: int, audit_interval_months: int) -> CategoryPolicy:
    """The hromada's own terms for a category; the items of the category are recomputed at once."""
    check_can(actor, hromada, MANAGE)
    check_policy(category, useful_life_years, audit_interval_months)
    with transaction.atomic():
        policy = CategoryPolicy.objects.select_for_update().filter(hromada=hromada, category=category).first()
        before = audit.snapshot(policy) if policy else {}
        creating = policy is None
        if creating:
            policy = CategoryPolicy(hromada=hromada, category=category)
        policy.useful_life_years, policy.audit_interval_months = useful_life_years, audit_interval_months
        try:
            with transaction.atomic():
                policy.save()
        except IntegrityError:
            raise ValidationError(_("The record conflicts with one saved meanwhile; please check and retry.")) from None
        changes = audit.diff(before, audit.snapshot(policy))
        if creating or changes:
            terms = lifecycle.policies(hromada)[category]
            touched = recompute_category(hromada, category, terms)
            changes["items_recomputed"] = [None, touched]
            audit.record(AuditEntry.Action.CREATE if creating else AuditEntry.Action.UPDATE, policy,
                         changes=changes, actor=actor, hromada=hromada)
    return policy


def clear_policy(hromada, actor, *, category: str) -> None:
    """Back to the default terms for the category; its items are recomputed."""
    check_can(actor, hromada, MANAGE)
    with transaction.atomic():
        policy = CategoryPolicy.objects.select_for_update().filter(hromada=hromada, category=category).first()
        if policy is None:
            return
        object_type, object_id, object_repr = audit.describe(policy)
        snapshot = audit.snapshot(policy)
        policy.delete()
        touched = recompute_category(hromada, category, lifecycle.policies(hromada)[category])
        audit.record(AuditEntry.Action.DELETE, actor=actor, hromada=hromada, object_type=object_type,
                     object_id=object_id, object_repr=object_repr,
                     changes={**{k: [v, None] for k, v in snapshot.items()}, "items_recomputed": [None, touched]})


# --- check-out and check-in -------------------------------------------------------------------------------


def _locked(item: Equipment, hromada) -> Equipment:
    check_same_hromada(item, hromada)
    locked = Equipment.objects.select_for_update().get(pk=item.pk)
    check_same_hromada(locked, hromada)
    return locked


def open_assignment(item: Equipment) -> Assignment | None:
    return item.assignments.filter(checked_in_on__isnull=True).first()


def _check_day(day, field: str, errors: dict, *, not_before: date | None = None, before_message: str = "") -> None:
    if not isinstance(day, date):
        errors[field] = _("Give the date.")
    elif day > today():
        errors[field] = _("The date cannot be in the future.")
    elif not_before is not None and day < not_before:
        errors[field] = before_message


def check_out(item: Equipment, *, actor, hromada, on: date, user=None, person_name: str = "",
              institution: Institution | None = None, department: Department | None = None, room: str = "",
              parent: Equipment | None = None, note: str = "") -> Assignment:
    """Give the item to a person (an account or a name), a place (institution, department, room) or another
    item; it must not be checked out already nor written off. The item's current fields follow the assignment."""
    check_can(actor, hromada, MANAGE)
    person_name = normalise(clean_text(person_name or ""))
    room = collapse_spaces(clean_text(room or ""))
    note = collapse_spaces(clean_text(note or ""))
    with transaction.atomic():
        item = _locked(item, hromada)
        errors: dict = {}
        if item.status == Status.WRITTEN_OFF:
            raise ValidationError(_("A written-off item cannot be checked out."))
        current = open_assignment(item)
        if current is not None:
            raise ValidationError(_("The item is already checked out (since %(day)s); check it in first.")
                                  % {"day": current.checked_out_on.strftime("%d.%m.%Y")})
        if not any((user, person_name, institution, department, room, parent)):
            errors["__all__"] = _("Say to whom or where the item goes: a person, a place or another item.")
        if user is not None and not _member(hromada, user):
            errors["user"] = _("Choose a member of this hromada's staff.")
        for name, related in (("institution", institution), ("department", department)):
            if related is not None and related.hromada_id != hromada.pk:
                errors[name] = _("Choose a record of this hromada.")
        _check_parent(item, parent, hromada, "parent", errors)
        last_in = (item.assignments.exclude(checked_in_on__isnull=True).order_by("-checked_in_on")
                   .values_list("checked_in_on", flat=True).first())
        _check_day(on, "checked_out_on", errors, not_before=last_in or item.purchase_date,
                   before_message=_("The date is before the item's purchase or its last check-in."))
        if len(person_name) > 150:
            errors["person_name"] = _("At most %(count)s characters.") % {"count": 150}
        if len(room) > 100:
            errors["room"] = _("At most %(count)s characters.") % {"count": 100}
        if errors:
            raise ValidationError(errors)
        assignment = Assignment(hromada=hromada, equipment=item, user=user,
                                person_name=person_name or (user.full_name if user else ""),
                                institution=institution, department=department, room=room, parent=parent,
                                checked_out_on=on, note=note[:300], recorded_by=actor)
        try:
            with transaction.atomic():
                assignment.save()
        except IntegrityError:
            raise ValidationError(_("The item was checked out meanwhile; reload the page.")) from None
        before = audit.snapshot(item)
        item.assigned_user = user
        item.assigned_name = assignment.person_name[:150]
        item.parent = parent
        if institution is not None or department is not None:
            item.institution, item.department = institution, department
        if room or institution is not None or department is not None:
            item.room = room
        if item.status == Status.IN_STOCK:
            item.status = Status.IN_USE
        item.name_key = item_search_key(item)
        item.save()
        changes = audit.diff(before, audit.snapshot(item))
        changes.pop("updated_at", None)
        changes.pop("name_key", None)
        audit.record(AuditEntry.Action.UPDATE, item, changes=changes, actor=actor, hromada=hromada)
    return assignment


def check_in(item: Equipment, *, actor, hromada, on: date, note: str = "") -> Assignment:
    """Take the item back from its open assignment; it returns to stock (the owner stays)."""
    check_can(actor, hromada, MANAGE)
    note = collapse_spaces(clean_text(note or ""))
    with transaction.atomic():
        item = _locked(item, hromada)
        assignment = open_assignment(item)
        if assignment is None:
            raise ValidationError(_("The item is not checked out."))
        errors: dict = {}
        _check_day(on, "checked_in_on", errors, not_before=assignment.checked_out_on,
                   before_message=_("The item cannot be checked in before it was checked out."))
        if errors:
            raise ValidationError(errors)
        assignment.checked_in_on = on
        if note:
            assignment.note = f"{assignment.note} · {note}"[:300] if assignment.note else note[:300]
        assignment.save(update_fields=["checked_in_on", "note"])
        before = audit.snapshot(item)
        _release(item)
        if item.status == Status.IN_USE:
            item.status = Status.IN_STOCK
        item.save()
        changes = audit.diff(before, audit.snapshot(item))
        changes.pop("updated_at", None)
        changes.pop("name_key", None)
        audit.record(AuditEntry.Action.UPDATE, item, changes=changes, actor=actor, hromada=hromada)
    return assignment


def _release(item: Equipment) -> None:
    item.assigned_user = None
    item.assigned_name = ""
    item.parent = None
    item.room = ""
    item.name_key = item_search_key(item)


# --- status and write-off ---------------------------------------------------------------------------------


def change_status(item: Equipment, *, actor, hromada, status: str, note: str = "") -> Equipment:
    """In use, in stock, in repair, broken, to write off — not written off (that is the write-off)."""
    check_can(actor, hromada, MANAGE)
    with transaction.atomic():
        item = _locked(item, hromada)
        if status not in EDITABLE_STATUSES:
            raise ValidationError({"status": _("Choose a status from the list.")})
        if item.status == Status.WRITTEN_OFF:
            raise ValidationError({"status": _("A written-off item returns to service only by undoing the "
                                               "write-off.")})
        if item.status == status:
            return item
        before = item.status
        item.status = status
        item.save(update_fields=["status", "updated_at"])
        changes = {"status": [before, status]}
        note = collapse_spaces(clean_text(note or ""))
        if note:
            changes["reason"] = [None, note[:300]]  # a key the item's history labels («підстава»)
        audit.record(AuditEntry.Action.UPDATE, item, changes=changes, actor=actor, hromada=hromada)
    return item


def write_off(item: Equipment, *, actor, hromada, on: date, reason: str, act=None) -> Equipment:
    """Write the item off on a date, for a reason, optionally by an act of the registry of acts of this hromada.
    An open assignment is closed on that date."""
    check_can(actor, hromada, MANAGE)
    reason = clean_text(reason or "").strip()
    with transaction.atomic():
        item = _locked(item, hromada)
        if item.status == Status.WRITTEN_OFF:
            raise ValidationError(_("The item is already written off."))
        errors: dict = {}
        if not reason:
            errors["reason"] = _("Give the reason of the write-off.")
        elif len(reason) > 2000:
            errors["reason"] = _("At most %(count)s characters.") % {"count": 2000}
        assignment = open_assignment(item)
        _check_day(on, "written_off_on", errors, not_before=max(
            filter(None, (item.purchase_date, assignment.checked_out_on if assignment else None)), default=None),
            before_message=_("The write-off cannot precede the purchase or the item's current assignment."))
        if act is not None and act.hromada_id != hromada.pk:
            errors["act"] = _("Choose an act of this hromada's registry.")
        if errors:
            raise ValidationError(errors)
        before = audit.snapshot(item)
        if assignment is not None:
            assignment.checked_in_on = on
            assignment.save(update_fields=["checked_in_on"])
        _release(item)
        item.status = Status.WRITTEN_OFF
        item.written_off_on, item.write_off_reason, item.write_off_act = on, reason, act
        item.save()
        changes = audit.diff(before, audit.snapshot(item))
        changes.pop("updated_at", None)
        changes.pop("name_key", None)
        audit.record(AuditEntry.Action.UPDATE, item, changes=changes, actor=actor, hromada=hromada)
    return item


def undo_write_off(item: Equipment, *, actor, hromada, reason: str) -> Equipment:
    """A write-off recorded by mistake: the item goes back to stock; the reason is logged with the old values."""
    check_can(actor, hromada, MANAGE)
    reason = clean_text(reason or "").strip()
    with transaction.atomic():
        item = _locked(item, hromada)
        if item.status != Status.WRITTEN_OFF:
            raise ValidationError(_("The item is not written off."))
        if not reason:
            raise ValidationError({"reason": _("Say why the write-off is undone.")})
        before = audit.snapshot(item)
        item.status = Status.IN_STOCK
        item.written_off_on, item.write_off_reason, item.write_off_act = None, "", None
        item.save()
        changes = audit.diff(before, audit.snapshot(item))
        changes.pop("updated_at", None)
        changes["reason"] = [None, reason[:2000]]  # why the write-off is undone
        audit.record(AuditEntry.Action.UPDATE, item, changes=changes, actor=actor, hromada=hromada)
    return item


# --- inventory rounds -------------------------------------------------------------------------------------


def expected_items(round_: InventoryRound):
    """The items the round expects to find at its location (not written off)."""
    qs = Equipment.objects.filter(hromada_id=round_.hromada_id).exclude(status=Status.WRITTEN_OFF)
    qs = qs.filter(institution_id=round_.institution_id) if round_.institution_id else qs.filter(
        institution__isnull=True)
    if round_.department_id:
        qs = qs.filter(department_id=round_.department_id)
    if round_.room:
        qs = qs.filter(room__iexact=round_.room)
    return qs


def open_round(hromada, *, actor, title: str, started_on: date, institution=None, department=None, room: str = "",
               note: str = "") -> InventoryRound:
    check_can(actor, hromada, MANAGE)
    title = normalise(clean_text(title or ""))
    room = collapse_spaces(clean_text(room or ""))
    errors: dict = {}
    if not title:
        errors["title"] = _("Give the round a title.")
    elif len(title) > 200:
        errors["title"] = _("At most %(count)s characters.") % {"count": 200}
    if len(room) > 100:
        errors["room"] = _("At most %(count)s characters.") % {"count": 100}
    for name, related in (("institution", institution), ("department", department)):
        if related is not None and related.hromada_id != hromada.pk:
            errors[name] = _("Choose a record of this hromada.")
    _check_day(started_on, "started_on", errors)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        round_ = InventoryRound.objects.create(
            hromada=hromada, title=title, institution=institution, department=department, room=room,
            started_on=started_on, conducted_by=actor, note=clean_text(note or "").strip())
        audit.record(AuditEntry.Action.CREATE, round_, actor=actor, hromada=hromada,
                     changes={"title": [None, title], "started_on": [None, started_on.isoformat()],
                              "location": [None, round_location(round_)]})
    return round_


def round_location(round_: InventoryRound) -> str:
    parts = [str(round_.institution) if round_.institution_id else _("the council"),
             str(round_.department) if round_.department_id else "", round_.room]
    return ", ".join(part for part in parts if part)


def _locked_round(round_: InventoryRound, hromada) -> InventoryRound:
    check_same_hromada(round_, hromada)
    locked = InventoryRound.objects.select_for_update().get(pk=round_.pk)
    if locked.status != InventoryRound.Status.OPEN:
        raise ValidationError(_("The round is closed; its results can no longer change."))
    return locked


def record_check(round_: InventoryRound, item: Equipment, *, actor, hromada, result: str,
                 found_location: str = "", note: str = "") -> InventoryCheck:
    """What the round found of one item (recording it again replaces the earlier finding). An item the round did
    not expect (it was found here but is registered elsewhere) may be recorded too."""
    check_can(actor, hromada, MANAGE)
    found_location = collapse_spaces(clean_text(found_location or ""))
    note = collapse_spaces(clean_text(note or ""))
    with transaction.atomic():
        round_ = _locked_round(round_, hromada)
        check_same_hromada(item, hromada)
        errors: dict = {}
        if result not in InventoryCheck.Result.values:
            errors["result"] = _("Choose a result from the list.")
        if result == InventoryCheck.Result.MOVED and not found_location:
            errors["found_location"] = _("Say where the item was found.")
        if len(found_location) > 200:
            errors["found_location"] = _("At most %(count)s characters.") % {"count": 200}
        if item.status == Status.WRITTEN_OFF:
            errors["__all__"] = _("The item is written off; it is not inventoried.")
        if errors:
            raise ValidationError(errors)
        check, _created = InventoryCheck.objects.update_or_create(
            round=round_, equipment=item,
            defaults={"result": result, "found_location": found_location[:200], "note": note[:300]})
        audit.record(AuditEntry.Action.UPDATE, round_, actor=actor, hromada=hromada,
                     changes={"check": [None, f"{item.inventory_number}: {result}"
                                        + (f" ({found_location})" if found_location else "")]})
    return check


def close_round(round_: InventoryRound, *, actor, hromada, on: date) -> dict:
    """Close the round once: the expected items not recorded are recorded missing; every item found (in place,
    elsewhere or damaged) gets its last check on `on` and its next check after its category's interval.
    Returns the counts by result."""
    check_can(actor, hromada, MANAGE)
    with transaction.atomic():
        round_ = _locked_round(round_, hromada)
        errors: dict = {}
        _check_day(on, "closed_on", errors, not_before=round_.started_on,
                   before_message=_("The round cannot close before it started."))
        if errors:
            raise ValidationError(errors)
        recorded = round_.checks.values("equipment_id")
        unrecorded = list(expected_items(round_).exclude(pk__in=recorded).values_list("pk", flat=True))
        InventoryCheck.objects.bulk_create([
            InventoryCheck(round=round_, equipment_id=pk, result=InventoryCheck.Result.MISSING,
                           note=_("Not found during the round."))
            for pk in unrecorded])
        found = (InventoryCheck.objects.filter(round=round_).exclude(result=InventoryCheck.Result.MISSING)
                 .values_list("equipment_id", "equipment__category"))
        by_category: dict[str, list[int]] = defaultdict(list)
        for pk, category in found:
            by_category[category].append(pk)
        terms = lifecycle.policies(hromada)
        for category, pks in by_category.items():
            months = terms[category].audit_interval_months if category in terms else lifecycle.DEFAULT_AUDIT_MONTHS
            for start in range(0, len(pks), 500):
                Equipment.objects.filter(hromada=hromada, pk__in=pks[start:start + 500]).update(
                    last_checked_on=on, next_check_due=lifecycle.add_months(on, months), updated_at=timezone.now())
        round_.status = InventoryRound.Status.CLOSED
        round_.closed_on = on
        round_.save(update_fields=["status", "closed_on"])
        counts = dict.fromkeys(InventoryCheck.Result.values, 0)
        for result in InventoryCheck.objects.filter(round=round_).values_list("result", flat=True):
            counts[result] += 1
        audit.record(AuditEntry.Action.UPDATE, round_, actor=actor, hromada=hromada,
                     changes={"status": [InventoryRound.Status.OPEN, InventoryRound.Status.CLOSED],
                              "closed_on": [None, on.isoformat()], **{k: [None, v] for k, v in counts.items()}})
    return counts
