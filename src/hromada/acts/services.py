"""All writes to the registry of acts (house rule 1): views, the API, imports and commands call these.

Every change of an act appends a version, re-indexes it for search and is written to the audit log, in one
transaction. Once published, an act cannot be deleted and its published versions cannot be rewritten (the
database refuses it too, migration 0002): a correction is a new version.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.acts import extract, lifecycle, numbers, search, signatures, versions
from hromada.acts.models import (
    STATUS_EFFECTS,
    Act,
    ActRelation,
    ActStatus,
    ActType,
    ActVersion,
    Attachment,
    RelationKind,
    Topic,
)
from hromada.core import audit
from hromada.core.models import AuditEntry
from hromada.core.services import check_can, check_same_hromada

EDITABLE = ("number", "date", "type", "status", "title", "text", "convocation", "session", "author_unit",
            "control_unit", "consideration_date", "internal")


def _append_version(act: Act, actor, comment: str, published: bool) -> ActVersion | None:
    """Append a version when the act differs from its last one; None when nothing changed."""
    last = act.versions.order_by("-number").first()
    data = versions.snapshot(act)
    if last is not None and versions.normalized(last.data) == data:
        return None
    return ActVersion.objects.create(
        act=act, number=(last.number + 1) if last else 1, data=data,
        changed=versions.changed_fields(last.data if last else None, data), comment=comment[:300],
        author=actor if getattr(actor, "pk", None) else None, published=published)


def _check_unit(unit, hromada) -> None:
    if unit is not None:
        check_same_hromada(unit, hromada)


def _set_topics(act: Act, hromada, topic_names) -> None:
    names = sorted({" ".join(str(n).split())[:120] for n in topic_names if str(n).strip()})
    topics = []
    for name in names:
        topic, _created = Topic.objects.get_or_create(hromada=hromada, name=name)
        topics.append(topic)
    act.topics.set(topics)


def check_status(act: Act) -> None:
    """The rules of acts.lifecycle that tie the status to the type, the dates and publication."""
    if act.type == ActType.DRAFT_DECISION and act.status not in lifecycle.DRAFT_STATUSES:
        raise ValidationError({"status": _("A draft decision stays a draft; when it is adopted, enter the "
                                           "decision as its own act (a council decision).")})
    if act.status in lifecycle.ADOPTED_STATUSES and act.consideration_date and act.date and \
            act.date < act.consideration_date:
        raise ValidationError({"date": _("The date of an adopted act is the date of its adoption; it cannot be "
                                         "earlier than the consideration date (%(date)s).")
                               % {"date": act.consideration_date.strftime("%d.%m.%Y")}})
    if act.status == ActStatus.WORKING and act.is_published:
        raise ValidationError({"status": _("The act is published and cannot become a working draft again.")})


def _save(act: Act) -> None:
    act.number_key = numbers.number_key(act.number)
    if not act.number_key:
        raise ValidationError({"number": _("Enter the number of the act.")})
    act.full_clean()
    check_status(act)
    try:
        with transaction.atomic():
            act.save()
    except IntegrityError:
        raise ValidationError(_("An act of this type with this number and date already exists.")) from None


class FileError(ValidationError):
    """A file given with the act is unusable; views show it beside the file field."""


@transaction.atomic
def create_act(*, actor, hromada, fields: dict, topics=(), comment: str = "", files=()) -> Act:
    """Enter an act with its files: one version holds the act as entered, files included."""
    check_can(actor, hromada, "acts.manage")
    act = Act(hromada=hromada, **{k: v for k, v in fields.items() if k in EDITABLE})
    _check_unit(act.author_unit, hromada)
    _check_unit(act.control_unit, hromada)
    _save(act)
    _set_topics(act, hromada, topics)
    stored = []
    try:
        for uploaded in files:
            try:
                stored.append(_store_attachment(act, uploaded, actor=actor, hromada=hromada))
            except ValidationError as error:
                raise FileError(error.messages) from None
        _append_version(act, actor, comment or _("Entered in the registry"), published=False)
        search.index_act(act)
    except Exception:
        for attachment in stored:  # the rows roll back with the act; the stored files must go too
            attachment.file.delete(save=False)
        raise
    audit.record(AuditEntry.Action.CREATE, act, changes={"number": [None, act.number]}, actor=actor, hromada=hromada)
    return act


@transaction.atomic
def update_act(act: Act, *, actor, hromada, fields: dict, topics=None, comment: str = "") -> ActVersion | None:
    """Change an act; the new state becomes a new version (published at once if the act is public)."""
    check_can(actor, hromada, "acts.manage")
    check_same_hromada(act, hromada)
    act = Act.objects.select_for_update().get(pk=act.pk)
    before = versions.snapshot(act)
    for name, value in fields.items():
        if name in EDITABLE:
            setattr(act, name, value)
    _check_unit(act.author_unit, hromada)
    _check_unit(act.control_unit, hromada)
    _save(act)
    if topics is not None:
        _set_topics(act, hromada, topics)
    version = _append_version(act, actor, comment, published=act.is_published)
    if version is not None:
        search.index_act(act)
        changes = {name: [before.get(name), version.data.get(name)] for name in version.changed
                   if name not in versions.TEXT_FIELDS}
        changes.update({name: ["…", "…"] for name in version.changed if name in versions.TEXT_FIELDS})
        audit.record(AuditEntry.Action.UPDATE, act, changes=changes, actor=actor, hromada=hromada)
    return version


@transaction.atomic
def publish_act(act: Act, *, actor, hromada, when: dt.datetime | None = None, confirmed: bool = False) -> Act:
    """Make the act public on the portal from `when` (now by default); its current version is frozen.

    What publishing means and when it is refused or needs `confirmed` is told by acts.lifecycle.
    """
    check_can(actor, hromada, "acts.publish")
    check_same_hromada(act, hromada)
    act = Act.objects.select_for_update().get(pk=act.pk)
    refusal = lifecycle.refusal(act)
    if refusal:
        raise ValidationError(refusal)
    when = when or timezone.now()
    if when > timezone.now() + dt.timedelta(minutes=5):
        raise ValidationError(_("The publication time cannot be in the future."))
    if timezone.localtime(when).date() < act.date and lifecycle.is_adopted(act):
        raise ValidationError(_("An adopted act cannot be published before its date."))
    warnings = lifecycle.warnings(act, timezone.localtime(when).date())
    if warnings and not confirmed:
        raise ValidationError(warnings, code="confirm")
    Act.objects.filter(pk=act.pk).update(published_at=when)
    act.published_at = when
    last = act.versions.order_by("-number").first()
    if last is not None and not last.published:
        ActVersion.objects.filter(pk=last.pk).update(published=True)
    search.index_act(act)  # the public now finds it
    audit.record(AuditEntry.Action.UPDATE, act, changes={"published_at": [None, when.isoformat()]}, actor=actor,
                 hromada=hromada)
    return act


@transaction.atomic
def delete_act(act: Act, *, actor, hromada) -> None:
    check_can(actor, hromada, "acts.manage")
    check_same_hromada(act, hromada)
    if act.is_published or act.versions.filter(published=True).exists():
        raise ValidationError(_("A published act cannot be deleted; it can only be superseded or repealed."))
    if act.relations_in.exists():
        raise ValidationError(_("Other acts refer to this act; remove those relations first."))
    audit.record(AuditEntry.Action.DELETE, act, changes={"number": [act.number, None]}, actor=actor, hromada=hromada)
    for attachment in act.attachments.all():
        attachment.file.delete(save=False)
    act.delete()


# --- relations -------------------------------------------------------------------------------------------


def check_relation(source: Act, kind: str, target: Act, hromada) -> None:
    check_same_hromada(source, hromada)
    check_same_hromada(target, hromada)
    if kind not in RelationKind.values:
        raise ValidationError({"kind": _("Choose the kind of relation.")})
    if source.pk == target.pk:
        raise ValidationError({"target": _("An act cannot refer to itself.")})
    if kind in STATUS_EFFECTS and lifecycle.is_draft(target):
        raise ValidationError({"target": _("A draft cannot be amended, repealed or suspended.")})
    if kind in STATUS_EFFECTS and lifecycle.is_draft(source):
        # About this act, not the chosen kind or target: shown above the form.
        raise ValidationError(_("This act is a draft: it does not amend, repeal or suspend other acts until it is "
                                "adopted. A draft can be «related to» or «implement» another act."))
    if kind in STATUS_EFFECTS and target.date > source.date:
        raise ValidationError({"target": _("An act can only amend, repeal or suspend an earlier act.")})
    if ActRelation.objects.filter(source=source, kind=kind, target=target).exists():
        raise ValidationError(_("This relation already exists."))
    if ActRelation.objects.filter(source=target, target=source, kind__in=list(STATUS_EFFECTS)).exists() and \
            kind in STATUS_EFFECTS:
        raise ValidationError(_("The other act already amends, repeals or suspends this one."))


@transaction.atomic
def add_relation(source: Act, kind: str, target: Act, *, actor, hromada, effective_from: dt.date | None = None,
                 note: str = "", today: dt.date | None = None) -> ActRelation:
    """Relate two acts; a repeal, suspension or amendment changes the target's status from its date."""
    check_can(actor, hromada, "acts.manage")
    check_relation(source, kind, target, hromada)
    source = Act.objects.select_for_update().get(pk=source.pk)
    relation = ActRelation.objects.create(hromada=hromada, source=source, kind=kind, target=target,
                                          effective_from=effective_from or source.date, note=note[:300])
    _append_version(source, actor, _("Relation added: %(kind)s № %(number)s") % {
        "kind": RelationKind(kind).label, "number": target.number}, published=source.is_published)
    audit.record(AuditEntry.Action.CREATE, relation, changes={"kind": [None, kind], "target": [None, target.number]},
                 actor=actor, hromada=hromada)
    apply_due_relations(hromada, actor=actor, today=today, relations=[relation])
    return relation


def apply_due_relations(hromada, *, actor=None, today: dt.date | None = None, relations=None) -> int:
    """Apply the status effect of every relation whose date has come; idempotent. Returns how many applied."""
    today = today or timezone.localdate()
    pending = relations if relations is not None else ActRelation.objects.filter(
        hromada=hromada, applied=False, kind__in=list(STATUS_EFFECTS), effective_from__lte=today,
    ).select_related("source", "target").order_by("effective_from", "pk")
    applied = 0
    for relation in pending:
        if relation.applied or relation.kind not in STATUS_EFFECTS or relation.effective_from > today:
            continue
        with transaction.atomic():
            target = Act.objects.select_for_update().get(pk=relation.target_id)
            new_status = _stronger(target.status, STATUS_EFFECTS[relation.kind])
            ActRelation.objects.filter(pk=relation.pk).update(applied=True, previous_status=target.status)
            relation.applied, relation.previous_status = True, target.status
            if new_status != target.status:
                target.status = new_status
                _save(target)
                comment = _("Status changed by act № %(number)s of %(date)s") % {
                    "number": relation.source.number, "date": relation.source.date.strftime("%d.%m.%Y")}
                _append_version(target, actor, comment, published=target.is_published)
                search.index_act(target)
            applied += 1
    return applied


# A repeal outweighs a suspension, which outweighs an amendment: a later amendment does not revive a repealed act.
_STRENGTH = {ActStatus.AMENDED: 1, ActStatus.SUSPENDED: 2, ActStatus.REPEALED: 3}


def _stronger(current: str, effect: str) -> str:
    return effect if _STRENGTH[effect] >= _STRENGTH.get(current, 0) else current


@transaction.atomic
def remove_relation(relation: ActRelation, *, actor, hromada) -> None:
    """Remove a relation entered by mistake; a status it changed goes back to what it was."""
    check_can(actor, hromada, "acts.manage")
    check_same_hromada(relation, hromada)
    target = Act.objects.select_for_update().get(pk=relation.target_id)
    if relation.applied and relation.previous_status and target.status == STATUS_EFFECTS.get(relation.kind):
        target.status = relation.previous_status
        _save(target)
        _append_version(target, actor, _("Status restored: relation removed"), published=target.is_published)
        search.index_act(target)
    audit.record(AuditEntry.Action.DELETE, relation, changes={"kind": [relation.kind, None]}, actor=actor,
                 hromada=hromada)
    relation.delete()
    source = Act.objects.select_for_update().get(pk=relation.source_id)
    _append_version(source, actor, _("Relation removed: %(kind)s № %(number)s") % {
        "kind": RelationKind(relation.kind).label, "number": target.number}, published=source.is_published)


# --- attachments -----------------------------------------------------------------------------------------

MAX_ATTACHMENT_BYTES = extract.MAX_FILE_SIZE


def read_attachment(uploaded, filename: str) -> tuple[bytes, str, str, dict]:
    """Bytes, format, extracted text and signature report of an upload; a ValidationError for a bad file."""
    if uploaded.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(_("The file is larger than %(mb)s MB.") % {"mb": MAX_ATTACHMENT_BYTES // 2**20})
    data = uploaded.read()
    try:
        fmt = extract.detect_format(filename, data)
        text = extract.extract_text(data, filename)
    except extract.ExtractionError as error:
        raise ValidationError(str(error)) from None
    report = signatures.verify_pdf(data).to_dict() if fmt == "pdf" else {}
    return data, fmt, text, report


def _store_attachment(act: Act, uploaded, *, actor, hromada, filename: str | None = None) -> Attachment:
    """Store a file of the act (no version: the caller appends one for the whole change)."""
    name = (filename or getattr(uploaded, "name", "") or "file").rsplit("/", 1)[-1][-200:]
    data, fmt, text, report = read_attachment(uploaded, name)
    digest = hashlib.sha256(data).hexdigest()
    if act.attachments.filter(sha256=digest).exists():
        raise ValidationError(_("This file is already attached to the act."))
    attachment = Attachment(act=act, original_name=name, format=fmt, size=len(data), sha256=digest, text=text,
                            signatures=report, uploaded_by=actor if getattr(actor, "pk", None) else None)
    attachment.file.save(name, ContentFile(data), save=False)
    try:
        attachment.save()
    except Exception:
        attachment.file.delete(save=False)
        raise
    audit.record(AuditEntry.Action.CREATE, attachment, changes={"file": [None, name]}, actor=actor, hromada=hromada)
    return attachment


@transaction.atomic
def add_attachment(act: Act, uploaded, *, actor, hromada, filename: str | None = None) -> Attachment:
    check_can(actor, hromada, "acts.manage")
    check_same_hromada(act, hromada)
    act = Act.objects.select_for_update().get(pk=act.pk)  # the stored state, not a caller's stale copy
    attachment = _store_attachment(act, uploaded, actor=actor, hromada=hromada, filename=filename)
    try:
        _append_version(act, actor, _("File attached: %(name)s") % {"name": attachment.original_name},
                        published=act.is_published)
        search.index_act(act)
    except Exception:
        attachment.file.delete(save=False)
        raise
    return attachment


@transaction.atomic
def remove_attachment(attachment: Attachment, *, actor, hromada) -> None:
    check_can(actor, hromada, "acts.manage")
    check_same_hromada(attachment.act, hromada)
    act = Act.objects.select_for_update().get(pk=attachment.act_id)
    if act.is_published:
        raise ValidationError(_("A file of a published act cannot be removed; attach a corrected one instead."))
    name = attachment.original_name
    attachment.delete()
    transaction.on_commit(lambda: attachment.file.delete(save=False))
    _append_version(act, actor, _("File removed: %(name)s") % {"name": name}, published=False)
    search.index_act(act)
    audit.record(AuditEntry.Action.DELETE, act, changes={"file": [name, None]}, actor=actor, hromada=hromada)
