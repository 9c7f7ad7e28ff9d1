"""Who may take part in what, in one place: signing e-petitions, voting for participatory budget projects,
booking a ЦНАП queue slot, submitting an online application.

A person may act when they are signed in, have a resident account in this hromada, are verified (linked to
their register record), the record's status is one the hromada allows for the action, and they are at least
the minimum age on today's date (Kyiv). The thresholds are per-hromada settings with their basis
(settings_specs.py: ``eligibility.<action>.min_age``, ``eligibility.<action>.statuses``).

Where the participatory budget's Положення allows it (``eligibility.vote.allow_declared_work_study``), a person
whose identity is verified but who is not in the register may declare that they work or study in the hromada
and is then eligible to vote, and for nothing else.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.accounts.models import Membership
from hromada.core import audit, rawsql
from hromada.core.hromada_settings import get_setting
from hromada.core.models import AuditEntry

ACTIONS = ("sign", "vote", "book", "apply")
STATUSES = ("registered", "declared", "idp", "left", "deceased")


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str = ""  # Ukrainian, for the person, when refused

    def __bool__(self) -> bool:
        return self.allowed


@dataclass(frozen=True)
class ResidentFacts:
    """What services need about a verified resident: age today, settlement, starosta district, register status."""

    resident: object
    age: int
    status: str
    settlement: object | None
    starosta_district: object | None


def age_on(birth_date: datetime.date, day: datetime.date) -> int:
    """Full years on ``day`` (a person born on 29 February turns a year older on 1 March in other years)."""
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def resident_facts(membership: Membership | None, *, today: datetime.date | None = None) -> ResidentFacts | None:
    if membership is None or not membership.is_verified:
        return None
    resident = membership.resident
    building = resident.building
    settlement = building.street.settlement if building is not None else None
    district = settlement.starosta_district if settlement is not None else None
    return ResidentFacts(resident=resident, age=age_on(resident.birth_date, today or timezone.localdate()),
                         status=resident.status, settlement=settlement, starosta_district=district)


def allowed_statuses(hromada, action: str) -> set[str]:
    raw = get_setting(hromada, f"eligibility.{action}.statuses") or ""
    return {part.strip() for part in str(raw).split(",") if part.strip() in STATUSES}


def membership_for(user, hromada) -> Membership | None:
    """The person's membership here with the register facts the checks need: record, building, street,
    settlement, starosta district — one plain statement (core/rawsql.py), as every signature and ballot of a peak
    asks this and composing the five-table join with the ORM cost more than running it."""
    from hromada.core.models import Settlement, StarostaDistrict
    from hromada.registers.models import Building, Resident, Street

    models = (Membership, Resident, Building, Street, Settlement, StarostaDistrict)
    t = {model: rawsql.q(model._meta.db_table) for model in models}
    found = rawsql.fetch_one(models, (
        f"SELECT {rawsql.columns(Membership, 'm')}, {rawsql.columns(Resident, 'r')}, "  # noqa: S608 (names from the models)
        f"{rawsql.columns(Building, 'b')}, {rawsql.columns(Street, 's')}, {rawsql.columns(Settlement, 'p')}, "
        f"{rawsql.columns(StarostaDistrict, 'd')} FROM {t[Membership]} m "
        f"LEFT JOIN {t[Resident]} r ON r.id = m.resident_id LEFT JOIN {t[Building]} b ON b.id = r.building_id "
        f"LEFT JOIN {t[Street]} s ON s.id = b.street_id LEFT JOIN {t[Settlement]} p ON p.id = s.settlement_id "
        f"LEFT JOIN {t[StarostaDistrict]} d ON d.id = p.starosta_district_id "
        "WHERE m.user_id = %s AND m.hromada_id = %s"), [user.pk, getattr(hromada, "pk", hromada)])
    if found is None:
        return None
    membership, resident, building, street, settlement, district = found
    # Link what was read, so that membership.resident.building.street.settlement… asks nothing more; a missing
    # link stays unset (its id is NULL, and Django answers None without a query).
    for parent, child, name in ((membership, resident, "resident"), (resident, building, "building"),
                                (building, street, "street"), (street, settlement, "settlement"),
                                (settlement, district, "starosta_district")):
        if parent is None or child is None:
            break
        setattr(parent, name, child)
    return membership


_membership = membership_for

_UNSET = object()


def check(user, hromada, action: str, *, today: datetime.date | None = None, membership=_UNSET) -> Decision:
    """May this person do ``action`` in this hromada now? A refusal says why, in Ukrainian. A caller that has
    fetched the membership with ``membership_for`` passes it (``None`` when there is none)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    if user is None or not user.is_authenticated:
        return Decision(False, _("Sign in to take part."))
    if membership is _UNSET:
        membership = membership_for(user, hromada)
    if membership is None:
        return Decision(False, _("You do not have a resident account in this hromada. Open one in your "
                                 "cabinet."))
    if not membership.is_verified:
        if action == "vote" and membership.verified_at and membership.declared_tie and get_setting(
                hromada, "eligibility.vote.allow_declared_work_study"):
            return Decision(True)
        if membership.verified_at and membership.declared_tie:
            return Decision(False, _("Those who declared that they work or study in the hromada may only vote "
                                     "for participatory budget projects."))
        return Decision(False, _("Your account is not verified. Verify it through ID.gov.ua, BankID or Дія, "
                                 "or in person at the ЦНАП."))
    facts = resident_facts(membership, today=today)
    if facts.status not in allowed_statuses(hromada, action):
        from hromada.registers.models import Resident

        return Decision(False, _("Your status in the residents register («%(status)s») does not allow this in "
                                 "this hromada.") % {"status": Resident.Status(facts.status).label})
    minimum = int(get_setting(hromada, f"eligibility.{action}.min_age"))
    if facts.age < minimum:
        return Decision(False, _("This is open to residents aged %(age)s and over.") % {"age": minimum})
    return Decision(True)


@transaction.atomic
def declare_tie(membership: Membership, tie: str) -> Membership:
    """Record that a person whose identity is verified, but who is not in the register, works or studies here."""
    if tie not in {"work", "study"}:
        raise ValidationError(_("Choose whether you work or study in the hromada."))
    if not get_setting(membership.hromada, "eligibility.vote.allow_declared_work_study"):
        raise ValidationError(_("This hromada does not accept declarations of work or study."))
    if membership.verified_at is None:
        raise ValidationError(_("Verify your identity through ID.gov.ua, BankID or Дія first."))
    if membership.resident_id is not None:
        raise ValidationError(_("You are in the residents register; no declaration is needed."))
    membership.declared_tie, membership.declared_at = tie, timezone.now()
    membership.save(update_fields=["declared_tie", "declared_at"])
    audit.record(AuditEntry.Action.UPDATE, membership, actor=membership.user, hromada=membership.hromada,
                 changes={"declared_tie": [None, tie]})
    return membership
