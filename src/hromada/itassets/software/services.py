"""Writes of software and licences (house rule 1): titles, licences and their documents, seats, installations,
job profiles. Every verb checks the capability and the hromada, validates, changes state in one transaction and
writes the audit log; a refusal is a ValidationError with a Ukrainian message and changes nothing.

Seats are counted under a row lock on their licence (``SELECT … FOR UPDATE`` on PostgreSQL; on SQLite every
transaction takes the write lock at BEGIN), so two assignments at the same moment cannot together pass the
licence's number of seats, and a licence cannot be cut below the seats in use while one is being assigned.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hromada.core import audit
from hromada.core.filetypes import extension_matches, sniff
from hromada.core.models import AuditEntry, RoleAssignment
from hromada.core.roles import can
from hromada.core.ukformat import end_sentence, long_date
from hromada.core.ukrtext import clean_text, normalise, search_key
from hromada.itassets.models import (
    Equipment,
    Installation,
    Licence,
    Seat,
    Software,
    SoftwareProfile,
    SoftwareProfileItem,
)
from hromada.itassets.permissions import MANAGE
from hromada.itassets.software import versions
from hromada.itassets.software.selectors import COMPUTING, FREE_KINDS, in_force_q, licensed_q

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
DOCUMENT_FORMATS = ("pdf", "jpg", "png")
Action = AuditEntry.Action


def check_can(actor, hromada, capability: str = MANAGE) -> None:
    if not can(actor, hromada, capability):
        raise PermissionDenied(_("You do not have permission for this action."))


def check_same_hromada(obj, hromada) -> None:
    if obj is not None and getattr(obj, "hromada_id", None) != hromada.pk:
        raise PermissionDenied(_("The record belongs to another hromada."))


def _today() -> date:
    return timezone.localdate()


def _text(value) -> str:
    """Typed text in its stored form (control characters, look-alikes, apostrophes, spaces); the length is checked
    by the caller, never cut silently."""
    return normalise(clean_text(value or ""))


def _check_length(errors: dict, name: str, value: str, limit: int) -> None:
    if len(value) > limit:
        errors[name] = ngettext("At most %(limit)s character.", "At most %(limit)s characters.", limit) % {
            "limit": limit}


def _log(action: str, obj, *, actor, hromada, before: dict | None = None, changes: dict | None = None) -> None:
    if changes is None:
        after = audit.snapshot(obj)
        changes = audit.diff(before or {}, after)
        for name in ("updated_at", "created_at", "seen_at", "name_key"):
            changes.pop(name, None)
        if action == Action.UPDATE and not changes:
            return
    audit.record(action, obj, changes=changes, actor=actor, hromada=hromada)


def _deleted(obj, *, actor, hromada) -> None:
    snapshot = audit.snapshot(obj)
    object_type, object_id, object_repr = audit.describe(obj)
    audit.record(Action.DELETE, changes={k: [v, None] for k, v in snapshot.items()}, actor=actor, hromada=hromada,
                 object_type=object_type, object_id=object_id, object_repr=object_repr)


def _save(obj) -> None:
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError:
        raise ValidationError(_("The record conflicts with one saved meanwhile; please check and retry.")) from None


# --- titles -----------------------------------------------------------------------------------------------


def _check_version(errors: dict, name: str, value: str) -> None:
    if value and not versions.readable(value):
        errors[name] = _("Give the version as numbers separated by dots, e.g. 10.0.19045 or 2019.")


def save_title(title: Software, *, actor, hromada) -> Software:
    """Create or change a title; the name is unique per vendor, whatever the case, apostrophes or spaces."""
    check_can(actor, hromada)
    if title.pk is None:
        title.hromada = hromada
    check_same_hromada(title, hromada)
    title.name = _text(title.name)
    title.vendor = _text(title.vendor)
    title.current_version = _text(title.current_version)
    title.minimum_version = _text(title.minimum_version)
    title.notes = clean_text(title.notes or "")
    title.name_key = search_key(title.name)
    errors: dict = {}
    if not title.name_key:
        errors["name"] = _("Give the title's name.")
    _check_version(errors, "minimum_version", title.minimum_version)
    twins = Software.objects.filter(hromada=hromada, name_key=title.name_key).exclude(pk=title.pk)
    if any(search_key(vendor) == search_key(title.vendor) for vendor in twins.values_list("vendor", flat=True)):
        errors["name"] = _("This title of this vendor exists.")
    if errors:
        raise ValidationError(errors)
    title.full_clean(exclude=["name_key"])
    with transaction.atomic():
        before = {}
        creating = title.pk is None
        if not creating:
            stored = Software.objects.select_for_update().get(pk=title.pk)
            check_same_hromada(stored, hromada)
            before = audit.snapshot(stored)
        _save(title)
        _log(Action.CREATE if creating else Action.UPDATE, title, actor=actor, hromada=hromada, before=before)
    return title


def delete_title(title: Software, *, actor, hromada) -> None:
    check_can(actor, hromada)
    check_same_hromada(title, hromada)
    with transaction.atomic():
        try:
            with transaction.atomic():
                _deleted(title, actor=actor, hromada=hromada)
                title.delete()
        except (ProtectedError, IntegrityError):
            raise ValidationError(_("The title cannot be deleted while licences, installations or job profiles "
                                    "refer to it.")) from None


# --- licences ---------------------------------------------------------------------------------------------


@dataclass
class Document:
    """An uploaded licence document: its name and bytes."""

    name: str
    data: bytes


def read_document(uploaded) -> Document:
    """A form's uploaded file as a Document, refusing an oversized one before reading it."""
    name = (getattr(uploaded, "name", "") or "document").rsplit("/", 1)[-1][-200:]
    if getattr(uploaded, "size", 0) > MAX_DOCUMENT_BYTES:
        raise ValidationError({"document": _("The file «%(name)s» is larger than %(mb)s MB.")
                               % {"name": name, "mb": MAX_DOCUMENT_BYTES // 2**20}})
    return Document(name=name, data=uploaded.read())


def check_document(document: Document) -> str:
    """The document's format (pdf, jpg, png) by its content; a ValidationError naming the file otherwise."""
    if len(document.data) > MAX_DOCUMENT_BYTES:
        raise ValidationError({"document": _("The file «%(name)s» is larger than %(mb)s MB.")
                               % {"name": document.name, "mb": MAX_DOCUMENT_BYTES // 2**20}})
    if not document.data:
        raise ValidationError({"document": _("The file «%(name)s» is empty.") % {"name": document.name}})
    fmt = sniff(document.data[:1024 * 1024])
    if fmt not in DOCUMENT_FORMATS:
        raise ValidationError({"document": _("The file «%(name)s» is not a PDF document or a JPEG/PNG scan.")
                               % {"name": document.name}})
    if not extension_matches(document.name, fmt):
        raise ValidationError({"document": _("The extension of «%(name)s» does not match its content "
                                             "(%(format)s).") % {"name": document.name, "format": fmt.upper()}})
    return fmt


def _is_member(user, hromada) -> bool:
    return RoleAssignment.objects.filter(user=user, hromada=hromada).exists()


def _licence_errors(lic: Licence, hromada) -> dict:
    errors: dict = {}
    if lic.software_id is None or lic.software.hromada_id != hromada.pk:
        errors["software"] = _("Choose the software the licence is for.")
    if lic.kind not in Licence.Kind.values:
        errors["kind"] = _("Choose the kind of licence.")
    if lic.seats is not None and lic.seats < 1:
        errors["seats"] = _("A licence has at least one seat; leave the field empty for an unlimited one.")
    if lic.starts_on and lic.expires_on and lic.expires_on < lic.starts_on:
        errors["expires_on"] = _("The licence cannot expire before it starts.")
    if lic.kind == Licence.Kind.SUBSCRIPTION and lic.expires_on is None:
        errors["expires_on"] = _("A subscription has an end date: give the date it expires.")
    if lic.cost is not None and (not lic.cost.is_finite() or lic.cost < 0):
        errors["cost"] = _("The cost cannot be negative.")
    if lic.institution_id is not None and lic.institution.hromada_id != hromada.pk:
        errors["institution"] = _("Choose an institution of the hromada.")
    if lic.responsible_id is not None and not _is_member(lic.responsible, hromada):
        errors["responsible"] = _("Choose a member of the hromada's staff.")
    return errors


def save_licence(lic: Licence, *, actor, hromada, document: Document | None = None,
                 drop_document: bool = False) -> Licence:
    """Create or change a licence (and its document). Its seats cannot go below those in use, and a licence with
    assigned seats cannot be moved to another title."""
    check_can(actor, hromada)
    if lic.pk is None:
        lic.hromada = hromada
    check_same_hromada(lic, hromada)
    for name in ("supplier", "contract", "key_reference"):
        setattr(lic, name, _text(getattr(lic, name)))
    lic.notes = clean_text(lic.notes or "")
    errors = _licence_errors(lic, hromada)
    fmt = None
    if document is not None:
        try:
            fmt = check_document(document)
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    lic.full_clean(exclude=["document"])
    old_file = None
    with transaction.atomic():
        creating = lic.pk is None
        before = {}
        if not creating:
            stored = Licence.objects.select_for_update().get(pk=lic.pk)
            check_same_hromada(stored, hromada)
            before = audit.snapshot(stored)
            used = Seat.objects.filter(licence=stored, released_on__isnull=True).count()
            if lic.seats is not None and lic.kind not in FREE_KINDS and used > lic.seats:
                raise ValidationError({"seats": ngettext(
                    "%(used)s seat is in use: release seats before reducing the licence to %(seats)s.",
                    "%(used)s seats are in use: release seats before reducing the licence to %(seats)s.",
                    used) % {"used": used, "seats": lic.seats}})
            if stored.software_id != lic.software_id and used:
                raise ValidationError({"software": _("The licence has assigned seats: release them before moving "
                                                     "it to another title.")})
            if (document is not None or drop_document) and stored.document:
                old_file = stored.document.name
        if document is not None:
            digest = hashlib.sha256(document.data).hexdigest()[:16]
            lic.document.save(f"{digest}.{fmt}", ContentFile(document.data), save=False)
        elif drop_document:
            lic.document = ""
        _save(lic)
        _log(Action.CREATE if creating else Action.UPDATE, lic, actor=actor, hromada=hromada, before=before)
        if old_file and old_file != lic.document.name:
            storage = lic.document.storage
            transaction.on_commit(lambda: storage.delete(old_file))
    return lic


def delete_licence(lic: Licence, *, actor, hromada) -> None:
    check_can(actor, hromada)
    check_same_hromada(lic, hromada)
    with transaction.atomic():
        stored = Licence.objects.select_for_update().get(pk=lic.pk)
        used = Seat.objects.filter(licence=stored, released_on__isnull=True).count()
        if used:
            raise ValidationError(ngettext(
                "%(used)s seat of the licence is assigned: release it before deleting the licence.",
                "%(used)s seats of the licence are assigned: release them before deleting the licence.",
                used) % {"used": used})
        document = stored.document.name if stored.document else None
        storage = stored.document.storage
        _deleted(stored, actor=actor, hromada=hromada)
        stored.delete()
        if document:
            transaction.on_commit(lambda: storage.delete(document))


# --- seats ------------------------------------------------------------------------------------------------


def holder_label(seat: Seat) -> str:
    if seat.equipment_id:
        return str(seat.equipment)
    if seat.user_id:
        return seat.user.full_name or seat.user.login
    return seat.person_name


def _check_computer(item: Equipment, hromada, errors: dict, field: str = "equipment") -> None:
    if item.hromada_id != hromada.pk:
        errors[field] = _("There is no such computer in the hromada.")
    elif item.category not in COMPUTING:
        errors[field] = _("Software is recorded only on computers, laptops and servers.")
    elif item.status == Equipment.Status.WRITTEN_OFF:
        errors[field] = _("The computer is written off.")


def assign_seat(lic: Licence, *, actor, hromada, equipment: Equipment | None = None, user=None,
                person_name: str = "", on: date | None = None) -> Seat:
    """Give a seat of the licence to a computer, or to a person (an account or a name), from ``on`` (today)."""
    check_can(actor, hromada)
    check_same_hromada(lic, hromada)
    on = on or _today()
    person_name = _text(person_name)
    errors: dict = {}
    _check_length(errors, "person_name", person_name, 150)
    holders = sum((equipment is not None, user is not None or bool(person_name)))
    if holders != 1:
        errors["holder"] = _("Give a seat either to a computer or to a person.")
    if equipment is not None:
        _check_computer(equipment, hromada, errors)
    if user is not None and not _is_member(user, hromada):
        errors["user"] = _("Choose a member of the hromada's staff.")
    if on > _today():
        errors["assigned_on"] = _("A seat cannot be assigned in the future.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = Licence.objects.select_for_update().select_related("software").get(pk=lic.pk)
        if locked.expires_on is not None and locked.expires_on < on:
            raise ValidationError(_("The licence expired on %(date)s: its seats can no longer be assigned.")
                                  % {"date": locked.expires_on.strftime("%d.%m.%Y")})
        if locked.starts_on is not None and on < locked.starts_on:
            raise ValidationError({"assigned_on": _("The licence is in force from %(date)s: assign its seats from "
                                                    "that day.") % {"date": locked.starts_on.strftime("%d.%m.%Y")}})
        held = Seat.objects.filter(licence=locked, released_on__isnull=True)
        if locked.seats is not None and locked.kind not in FREE_KINDS:
            used = held.count()
            if used >= locked.seats:
                raise ValidationError(
                    _("The licence's only seat is taken: release it or add seats to the licence.")
                    if locked.seats == 1 else
                    _("All seats of the licence (%(seats)s) are taken: release one or add seats to the licence.")
                    % {"seats": locked.seats})
        if equipment is not None:
            duplicate = held.filter(equipment=equipment)
        elif user is not None:
            duplicate = held.filter(user=user)
        else:
            duplicate = held.filter(person_name=person_name, user__isnull=True)
        if duplicate.exists():
            raise ValidationError(_("This holder already has a seat of the licence."))
        seat = Seat(hromada=hromada, licence=locked, equipment=equipment, user=user,
                    person_name=person_name if user is None else "", assigned_on=on)
        _save(seat)
        _log(Action.CREATE, seat, actor=actor, hromada=hromada)
    return seat


def release_seat(seat: Seat, *, actor, hromada, on: date | None = None) -> Seat:
    check_can(actor, hromada)
    check_same_hromada(seat, hromada)
    on = on or _today()
    with transaction.atomic():
        stored = Seat.objects.select_for_update().get(pk=seat.pk)
        if stored.released_on is not None:
            raise ValidationError(end_sentence(_("The seat was already released on %(date)s.")
                                               % {"date": long_date(stored.released_on)}))
        if on < stored.assigned_on:
            raise ValidationError({"released_on": _("A seat cannot be released before it was assigned (%(date)s).")
                                   % {"date": stored.assigned_on.strftime("%d.%m.%Y")}})
        if on > _today():
            raise ValidationError({"released_on": _("A seat cannot be released in the future.")})
        before = audit.snapshot(stored)
        stored.released_on = on
        stored.save(update_fields=["released_on"])
        _log(Action.UPDATE, stored, actor=actor, hromada=hromada, before=before)
    return stored


def fill_seats(lic: Licence, *, actor, hromada, limit: int | None = None) -> int:
    """Give the licence's free seats to the computers that have its title installed without a licence, in the
    order of their inventory numbers; how many seats were given. Counted under the licence's lock."""
    from hromada.itassets.software import selectors

    check_can(actor, hromada)
    check_same_hromada(lic, hromada)
    today = _today()
    with transaction.atomic():
        locked = Licence.objects.select_for_update().get(pk=lic.pk)
        if not Licence.objects.filter(pk=locked.pk).filter(in_force_q(today)).exists():
            raise ValidationError(_("The licence is not in force today: its seats cannot be assigned."))
        used = Seat.objects.filter(licence=locked, released_on__isnull=True).count()
        room = None if locked.seats is None or locked.kind in FREE_KINDS else max(0, locked.seats - used)
        if limit is not None:
            room = limit if room is None else min(room, limit)
        candidates = (selectors.installations(hromada).filter(software_id=locked.software_id)
                      .filter(~licensed_q(hromada, today)).order_by("equipment__inventory_number", "pk")
                      .values_list("equipment_id", flat=True))
        ids = list(candidates if room is None else candidates[:room])
        for pk in ids:
            seat = Seat(hromada=hromada, licence=locked, equipment_id=pk, assigned_on=today)
            _save(seat)
            _log(Action.CREATE, seat, actor=actor, hromada=hromada)
    return len(ids)


# --- installations ----------------------------------------------------------------------------------------


def _installation_errors(inst: Installation, hromada) -> dict:
    errors: dict = {}
    if inst.equipment_id is None:
        errors["equipment"] = _("There is no such computer in the hromada.")
    else:
        _check_computer(inst.equipment, hromada, errors)
    if inst.software_id is None or inst.software.hromada_id != hromada.pk:
        errors["software"] = _("Choose the software.")
    if inst.installed_on is not None and inst.installed_on > _today():
        errors["installed_on"] = _("The date cannot be in the future.")
    return errors


def save_installation(inst: Installation, *, actor, hromada) -> Installation:
    """Record a title on a computer (once per computer), or change its version and date."""
    check_can(actor, hromada)
    if inst.pk is None:
        inst.hromada = hromada
    check_same_hromada(inst, hromada)
    inst.version = _text(inst.version)
    errors = _installation_errors(inst, hromada)
    _check_length(errors, "version", inst.version, 50)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        creating = inst.pk is None
        before = {}
        if not creating:
            stored = Installation.objects.select_for_update().get(pk=inst.pk)
            check_same_hromada(stored, hromada)
            before = audit.snapshot(stored)
        elif Installation.objects.filter(equipment_id=inst.equipment_id, software_id=inst.software_id).exists():
            raise ValidationError({"software": _("This title is already recorded on the computer; change its "
                                                 "version instead.")})
        _save(inst)
        _log(Action.CREATE if creating else Action.UPDATE, inst, actor=actor, hromada=hromada, before=before)
    return inst


def remove_installation(inst: Installation, *, actor, hromada) -> None:
    check_can(actor, hromada)
    check_same_hromada(inst, hromada)
    with transaction.atomic():
        _deleted(inst, actor=actor, hromada=hromada)
        inst.delete()


# --- job profiles -----------------------------------------------------------------------------------------


def save_profile(prof: SoftwareProfile, *, actor, hromada) -> SoftwareProfile:
    check_can(actor, hromada)
    if prof.pk is None:
        prof.hromada = hromada
    check_same_hromada(prof, hromada)
    prof.name = _text(prof.name)
    prof.hardware = clean_text(prof.hardware or "").strip()
    prof.description = clean_text(prof.description or "").strip()
    if not prof.name:
        raise ValidationError({"name": _("Give the profile's name.")})
    twins = SoftwareProfile.objects.filter(hromada=hromada).exclude(pk=prof.pk).values_list("name", flat=True)
    if any(search_key(name) == search_key(prof.name) for name in twins):
        raise ValidationError({"name": _("A job profile with this name exists.")})
    prof.full_clean()
    with transaction.atomic():
        creating = prof.pk is None
        before = {}
        if not creating:
            stored = SoftwareProfile.objects.select_for_update().get(pk=prof.pk)
            check_same_hromada(stored, hromada)
            before = audit.snapshot(stored)
        _save(prof)
        _log(Action.CREATE if creating else Action.UPDATE, prof, actor=actor, hromada=hromada, before=before)
    return prof


def delete_profile(prof: SoftwareProfile, *, actor, hromada) -> None:
    """Delete a profile; the computers that had it keep their software and lose only the profile."""
    check_can(actor, hromada)
    check_same_hromada(prof, hromada)
    with transaction.atomic():
        _deleted(prof, actor=actor, hromada=hromada)
        prof.delete()


def add_profile_item(prof: SoftwareProfile, software: Software, *, actor, hromada,
                     minimum_version: str = "") -> SoftwareProfileItem:
    check_can(actor, hromada)
    check_same_hromada(prof, hromada)
    minimum_version = _text(minimum_version)
    errors: dict = {}
    _check_length(errors, "minimum_version", minimum_version, 50)
    if software is None or software.hromada_id != hromada.pk:
        errors["software"] = _("Choose the software.")
    _check_version(errors, "minimum_version", minimum_version)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if SoftwareProfileItem.objects.filter(profile=prof, software=software).exists():
            raise ValidationError({"software": _("The title is already in the profile.")})
        item = SoftwareProfileItem(profile=prof, software=software, minimum_version=minimum_version)
        _save(item)
        audit.record(Action.CREATE, item, actor=actor, hromada=hromada, changes=audit.diff({}, audit.snapshot(item)))
    return item


def remove_profile_item(item: SoftwareProfileItem, *, actor, hromada) -> None:
    check_can(actor, hromada)
    check_same_hromada(item.profile, hromada)
    with transaction.atomic():
        _deleted(item, actor=actor, hromada=hromada)
        item.delete()


def assign_profile(item: Equipment, prof: SoftwareProfile | None, *, actor, hromada) -> Equipment:
    """Give a computer its job profile (or take it away with None)."""
    check_can(actor, hromada)
    check_same_hromada(item, hromada)
    check_same_hromada(prof, hromada)
    errors: dict = {}
    _check_computer(item, hromada, errors, "profile")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        stored = Equipment.objects.select_for_update().get(pk=item.pk)
        if stored.profile_id == (prof.pk if prof else None):
            return stored
        before = audit.snapshot(stored, ["profile_id"])
        stored.profile = prof
        stored.save(update_fields=["profile", "updated_at"])
        audit.record(Action.UPDATE, stored, actor=actor, hromada=hromada,
                     changes=audit.diff(before, audit.snapshot(stored, ["profile_id"])))
    return stored
