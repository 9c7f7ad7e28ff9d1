"""Council sessions: their agenda, the deputies of each convocation and the roll-call vote on every item.

Writes follow house rule 1 (check the `acts.sessions` capability, validate, change inside a transaction, log
to the audit trail); the reads at the bottom are tenant-scoped like acts.selectors (another hromada's
session is a 404). A roll-call is a public record: once votes are recorded, the session cannot be deleted and
its convocation cannot change; a roll-call is corrected by recording it again, which replaces it whole.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from hromada.acts import lifecycle
from hromada.acts.models import Act, ActType, AgendaItem, CouncilSession, Deputy, RollCall, Vote
from hromada.core import audit
from hromada.core.access import pk_or_404 as _pk
from hromada.core.collation import uk, uk_sort_key
from hromada.core.models import AuditEntry
from hromada.core.services import check_can, check_same_hromada
from hromada.core.ukformat import roman

CAPABILITY = "acts.sessions"
SESSION_FIELDS = ("convocation", "number", "date", "title")
ITEM_FIELDS = ("order", "title", "draft", "decision", "rapporteur", "result")
DEPUTY_FIELDS = ("full_name", "convocation", "faction")


# --- sessions ----------------------------------------------------------------------------------------------


def _save_session(session: CouncilSession) -> None:
    session.title = " ".join((session.title or "").split())
    session.full_clean(validate_constraints=False)
    duplicate = CouncilSession.objects.filter(hromada_id=session.hromada_id, convocation=session.convocation,
                                              number=session.number, date=session.date).exclude(pk=session.pk)
    if duplicate.exists():
        raise ValidationError(_("A session with this number and date already exists in this convocation."))
    try:
        with transaction.atomic():
            session.save()
    except IntegrityError:
        raise ValidationError(_("A session with this number and date already exists in this convocation.")) \
            from None


@transaction.atomic
def create_session(*, actor, hromada, fields: dict) -> CouncilSession:
    check_can(actor, hromada, CAPABILITY)
    session = CouncilSession(hromada=hromada, **{k: v for k, v in fields.items() if k in SESSION_FIELDS})
    _save_session(session)
    audit.record(AuditEntry.Action.CREATE, session, changes={"session": [None, str(session)]}, actor=actor,
                 hromada=hromada)
    return session


@transaction.atomic
def update_session(session: CouncilSession, *, actor, hromada, fields: dict) -> CouncilSession:
    check_can(actor, hromada, CAPABILITY)
    check_same_hromada(session, hromada)
    session = CouncilSession.objects.select_for_update().get(pk=session.pk)
    before = {name: getattr(session, name) for name in SESSION_FIELDS}
    for name, value in fields.items():
        if name in SESSION_FIELDS:
            setattr(session, name, value)
    if session.convocation != before["convocation"] and \
            RollCall.objects.filter(item__session=session).exists():
        raise ValidationError({"convocation": _(
            "The convocation cannot be changed: roll-call votes of its deputies are recorded at this session.")})
    _save_session(session)
    changes = {name: [str(before[name]), str(getattr(session, name))] for name in SESSION_FIELDS
               if before[name] != getattr(session, name)}
    if changes:
        audit.record(AuditEntry.Action.UPDATE, session, changes=changes, actor=actor, hromada=hromada)
    return session


def check_delete_session(session: CouncilSession) -> None:
    if RollCall.objects.filter(item__session=session).exists():
        raise ValidationError(_("Roll-call votes are recorded at this session, and they are a public record: "
                                "the session cannot be deleted."))


@transaction.atomic
def delete_session(session: CouncilSession, *, actor, hromada) -> None:
    """Delete a session entered by mistake, with its agenda; refused once any vote is recorded."""
    check_can(actor, hromada, CAPABILITY)
    check_same_hromada(session, hromada)
    check_delete_session(session)
    audit.record(AuditEntry.Action.DELETE, session, changes={"session": [str(session), None]}, actor=actor,
                 hromada=hromada)
    session.delete()


# --- agenda ------------------------------------------------------------------------------------------------


def is_draft(act: Act) -> bool:
    return lifecycle.is_draft(act)


def _check_item(item: AgendaItem, hromada) -> None:
    errors = {}
    if item.draft_id is not None:
        if item.draft.hromada_id != hromada.pk:
            errors["draft"] = _("Choose an act of this hromada.")
        elif not is_draft(item.draft):
            errors["draft"] = _("The draft must be a draft decision.")
    if item.decision_id is not None:
        if item.decision.hromada_id != hromada.pk:
            errors["decision"] = _("Choose an act of this hromada.")
        elif is_draft(item.decision):
            errors["decision"] = _("The decision must be an adopted act, not a draft.")
    if item.draft_id is not None and item.draft_id == item.decision_id:
        errors["decision"] = _("The draft and the decision must be different acts.")
    if not (item.title or "").strip():
        source = item.draft or item.decision
        if source is None:
            errors["title"] = _("Enter the title of the agenda item or choose its draft.")
        else:
            item.title = source.title[:1000]
    if errors:
        raise ValidationError(errors)
    item.title = " ".join(item.title.split())
    item.rapporteur = " ".join((item.rapporteur or "").split())


def _save_item(item: AgendaItem) -> None:
    item.full_clean(exclude=["session"], validate_unique=False, validate_constraints=False)
    if AgendaItem.objects.filter(session=item.session, order=item.order).exclude(pk=item.pk).exists():
        raise ValidationError({"order": _("The agenda already has an item with this number.")})
    try:
        with transaction.atomic():
            item.save()
    except IntegrityError:
        raise ValidationError({"order": _("The agenda already has an item with this number.")}) from None


def _item_changes(before: dict, item: AgendaItem) -> dict:
    after = {name: _audit_value(getattr(item, name)) for name in ITEM_FIELDS}
    return {name: [before.get(name), after[name]] for name in ITEM_FIELDS if before.get(name) != after[name]}


def _audit_value(value):
    if isinstance(value, Act):
        return f"№ {value.number} ({value.date:%d.%m.%Y})"
    return value


@transaction.atomic
def add_agenda_item(session: CouncilSession, *, actor, hromada, fields: dict) -> AgendaItem:
    """Add an item to the agenda (next number by default), linking its draft and/or adopted decision."""
    check_can(actor, hromada, CAPABILITY)
    check_same_hromada(session, hromada)
    session = CouncilSession.objects.select_for_update().get(pk=session.pk)
    values = {k: v for k, v in fields.items() if k in ITEM_FIELDS}
    if not values.get("order"):
        values["order"] = (session.items.aggregate(last=Max("order"))["last"] or 0) + 1
    item = AgendaItem(session=session, **values)
    _check_item(item, hromada)
    _save_item(item)
    audit.record(AuditEntry.Action.CREATE, session, changes={"agenda_item": [None, str(item)[:300]]}, actor=actor,
                 hromada=hromada)
    return item


@transaction.atomic
def update_agenda_item(item: AgendaItem, *, actor, hromada, fields: dict) -> AgendaItem:
    check_can(actor, hromada, CAPABILITY)
    check_same_hromada(item.session, hromada)
    item = AgendaItem.objects.select_for_update(of=("self",)).select_related("session", "draft", "decision").get(
        pk=item.pk)
    before = {name: _audit_value(getattr(item, name)) for name in ITEM_FIELDS}
    for name, value in fields.items():
        if name in ITEM_FIELDS:
            setattr(item, name, value)
    _check_item(item, hromada)
    _save_item(item)
    changes = _item_changes(before, item)
    if changes:
        changes = {f"item {item.order}: {name}": value for name, value in changes.items()}
        audit.record(AuditEntry.Action.UPDATE, item.session, changes=changes, actor=actor, hromada=hromada)
    return item


@transaction.atomic
def delete_agenda_item(item: AgendaItem, *, actor, hromada) -> None:
    check_can(actor, hromada, CAPABILITY)
    check_same_hromada(item.session, hromada)
    if item.roll_call.exists():
        raise ValidationError(_("A roll-call vote is recorded on this item, and it is a public record: "
                                "the item cannot be deleted."))
    audit.record(AuditEntry.Action.UPDATE, item.session, changes={"agenda_item": [str(item)[:300], None]},
                 actor=actor, hromada=hromada)
    item.delete()


# --- roll-call ---------------------------------------------------------------------------------------------


@transaction.atomic
def record_roll_call(item: AgendaItem, votes: dict, *, actor, hromada) -> list[RollCall]:
    """Replace the item's roll-call with `votes` (deputy id → Vote value), all or nothing.

    Every deputy must be a deputy of this hromada elected in the session's convocation; otherwise nothing
    changes and the error names the deputy.
    """
    check_can(actor, hromada, CAPABILITY)
    session = item.session
    check_same_hromada(session, hromada)
    if not votes:
        raise ValidationError(_("Record the vote of at least one deputy."))
    parsed: dict[int, str] = {}
    for key, vote in votes.items():
        try:
            deputy_id = int(key)
        except (TypeError, ValueError):
            raise ValidationError(_("Unknown deputy: %(id)s.") % {"id": str(key)[:20]}) from None
        if vote not in Vote.values:
            raise ValidationError(_("Unknown vote: %(vote)s.") % {"vote": str(vote)[:20]})
        parsed[deputy_id] = vote
    deputies = Deputy.objects.in_bulk([pk for pk in parsed if 0 < pk < 2**63])
    for deputy_id in parsed:
        deputy = deputies.get(deputy_id)
        if deputy is None or deputy.hromada_id != hromada.pk:
            raise ValidationError(_("Deputy № %(id)s is not a deputy of this hromada.") % {"id": deputy_id})
        if deputy.convocation != session.convocation:
            raise ValidationError(
                _("%(name)s is a deputy of convocation %(deputy)s, not of convocation %(session)s of this session.")
                % {"name": deputy.full_name, "deputy": roman(deputy.convocation),
                   "session": roman(session.convocation)})
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    before = totals(item.roll_call.all())
    item.roll_call.all().delete()
    rows = RollCall.objects.bulk_create(
        [RollCall(item=item, deputy=deputies[pk], vote=vote) for pk, vote in sorted(parsed.items())])
    after = totals(rows)
    audit.record(AuditEntry.Action.UPDATE, session,
                 changes={f"roll_call item {item.order}": [before.as_dict() if before.total else None,
                                                           after.as_dict()]},
                 actor=actor, hromada=hromada)
    return rows


@dataclass(frozen=True)
class Totals:
    """How many deputies voted each way on one item."""

    counts: tuple[tuple[str, str, int], ...]  # (vote value, label, count) in Vote order

    @property
    def total(self) -> int:
        return sum(count for _value, _label, count in self.counts)

    def __getitem__(self, vote: str) -> int:
        for value, _label, count in self.counts:
            if value == vote:
                return count
        raise KeyError(vote)

    def as_dict(self) -> dict[str, int]:
        return {value: count for value, _label, count in self.counts}


def totals(rows) -> Totals:
    counted = {value: 0 for value in Vote.values}
    for row in rows:
        counted[row.vote] = counted.get(row.vote, 0) + 1
    return Totals(tuple((value, str(label), counted[value]) for value, label in Vote.choices))


# --- deputies ----------------------------------------------------------------------------------------------


@transaction.atomic
def add_deputy(*, actor, hromada, fields: dict) -> Deputy:
    check_can(actor, hromada, CAPABILITY)
    deputy = Deputy(hromada=hromada, **{k: v for k, v in fields.items() if k in DEPUTY_FIELDS})
    deputy.full_name = " ".join((deputy.full_name or "").split())
    deputy.faction = " ".join((deputy.faction or "").split())
    deputy.full_clean(validate_constraints=False)
    if Deputy.objects.filter(hromada=hromada, convocation=deputy.convocation, full_name=deputy.full_name).exists():
        raise ValidationError({"full_name": _("This deputy is already on the list of this convocation.")})
    try:
        with transaction.atomic():
            deputy.save()
    except IntegrityError:
        raise ValidationError({"full_name": _("This deputy is already on the list of this convocation.")}) from None
    audit.record(AuditEntry.Action.CREATE, deputy, changes={"full_name": [None, deputy.full_name],
                                                            "convocation": [None, deputy.convocation]},
                 actor=actor, hromada=hromada)
    return deputy


@transaction.atomic
def deactivate_deputy(deputy: Deputy, *, actor, hromada) -> Deputy:
    """A deputy who left the council: kept with their recorded votes, no longer offered for new roll-calls."""
    return _set_active(deputy, False, actor=actor, hromada=hromada)


@transaction.atomic
def reactivate_deputy(deputy: Deputy, *, actor, hromada) -> Deputy:
    return _set_active(deputy, True, actor=actor, hromada=hromada)


def _set_active(deputy: Deputy, active: bool, *, actor, hromada) -> Deputy:
    check_can(actor, hromada, CAPABILITY)
    check_same_hromada(deputy, hromada)
    deputy = Deputy.objects.select_for_update().get(pk=deputy.pk)
    if deputy.active != active:
        Deputy.objects.filter(pk=deputy.pk).update(active=active)
        deputy.active = active
        audit.record(AuditEntry.Action.UPDATE, deputy, changes={"active": [not active, active]}, actor=actor,
                     hromada=hromada)
    return deputy


# --- reads (tenant-scoped) ---------------------------------------------------------------------------------

def name_key(name: str) -> str:
    """Ukrainian alphabetical order (core.collation), the order the database lists deputies in."""
    return uk_sort_key(name)



def sessions_of(hromada) -> QuerySet[CouncilSession]:
    return CouncilSession.objects.filter(hromada=hromada).order_by("-date", "-number", "-pk")


def session_or_404(hromada, pk) -> CouncilSession:
    items = AgendaItem.objects.select_related("draft", "decision").prefetch_related(
        Prefetch("roll_call", queryset=RollCall.objects.select_related("deputy").order_by(uk("deputy__full_name"))))
    try:
        return sessions_of(hromada).prefetch_related(Prefetch("items", queryset=items)).get(pk=_pk(pk))
    except CouncilSession.DoesNotExist:
        raise Http404 from None


def item_or_404(session: CouncilSession, pk) -> AgendaItem:
    try:
        return AgendaItem.objects.select_related("session", "draft", "decision").get(session=session, pk=_pk(pk))
    except AgendaItem.DoesNotExist:
        raise Http404 from None


def deputies_of(hromada, convocation: int | None = None) -> QuerySet[Deputy]:
    rows = Deputy.objects.filter(hromada=hromada).order_by("-convocation", uk("full_name"))
    return rows if convocation is None else rows.filter(convocation=convocation)


def deputy_or_404(hromada, pk) -> Deputy:
    try:
        return Deputy.objects.get(hromada=hromada, pk=_pk(pk))
    except Deputy.DoesNotExist:
        raise Http404 from None


def roll_call_deputies(item: AgendaItem) -> list[Deputy]:
    """The deputies a roll-call form lists: the convocation's active deputies and whoever already voted."""
    voted = item.roll_call.values("deputy_id")
    rows = Deputy.objects.filter(hromada_id=item.session.hromada_id, convocation=item.session.convocation) \
        .filter(Q(active=True) | Q(pk__in=voted))
    return sorted(rows, key=lambda deputy: (name_key(deputy.full_name), deputy.pk))


def draft_choices(hromada) -> QuerySet[Act]:
    return Act.objects.filter(hromada=hromada).filter(
        Q(type=ActType.DRAFT_DECISION) | Q(status__in=lifecycle.DRAFT_STATUSES)).order_by("-date", "-pk")


def decision_choices(session: CouncilSession) -> QuerySet[Act]:
    """Adopted acts of the session: dated on its day, or marked with its convocation and number."""
    return Act.objects.filter(hromada_id=session.hromada_id).exclude(
        Q(type=ActType.DRAFT_DECISION) | Q(status__in=lifecycle.DRAFT_STATUSES)).filter(
        Q(date=session.date) | Q(convocation=session.convocation, session=session.number)).order_by("number_key",
                                                                                                      "pk")
