"""The unified hotline (seed 003): the operator's writes and the reads of its console and figures.

A call ends one of three ways: the operator answers on the spot (a consultation, closed at once), registers the
matter as a case of kind «hotline» on the core engine (the call keeps the link; the case's clock comes from the
category's service term), or the call drops. Every write checks ``cases.hotline``; reads take the hromada.
The figures are aggregated in the database: counts grouped by day, month, category and outcome, and the
median and 95th percentile of the time to close read as single rows of the sorted durations.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, QuerySet
from django.db.models.functions import Coalesce, TruncDate, TruncMonth
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hromada.appeals.models import HotlineCall
from hromada.core import audit
from hromada.core.cases import selectors as case_selectors
from hromada.core.cases import services as case_services
from hromada.core.hromada_settings import SettingSpec, get_setting
from hromada.core.hromada_settings import register as register_setting
from hromada.core.models import AuditEntry, Case, CaseCategory
from hromada.core.services import check_can
from hromada.core.validators import normalize_phone, validate_phone
from hromada.registers import selectors as register_selectors
from hromada.registers.models import Resident
from hromada.registers.services import log_resident_view

CAPABILITY = "cases.hotline"
KIND = "hotline"
MAX_SUMMARY = 5000
MAX_LOOKUP = 10
Outcome = HotlineCall.Outcome

# Shown on the public page /hotline/ (a phone labelled «гаряча лінія» in the hromada's contacts comes first).
register_setting(SettingSpec("hotline.phone", str, "", gettext_lazy("Phone number of the hromada's hotline")))
register_setting(SettingSpec("hotline.hours", str, "", gettext_lazy("Working hours of the hotline")))

for _name in ("caller_name", "caller_phone", "summary", "answer"):
    audit.mask_field(HotlineCall, _name)


# --- reads ---------------------------------------------------------------------------------------------------


def calls(hromada) -> QuerySet[HotlineCall]:
    return HotlineCall.objects.filter(hromada=hromada).select_related("category", "case", "operator")


def call(hromada, pk) -> HotlineCall:
    try:
        return calls(hromada).get(pk=int(pk))
    except (HotlineCall.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def _day_bounds(day: date) -> tuple[datetime, datetime]:
    start = timezone.make_aware(datetime.combine(day, time.min))
    return start, start + timedelta(days=1)


def operator_calls_today(hromada, operator) -> QuerySet[HotlineCall]:
    start, end = _day_bounds(timezone.localdate())
    return calls(hromada).filter(operator=operator, received_at__gte=start, received_at__lt=end)


def categories(hromada) -> list[CaseCategory]:
    """The hromada's categories for hotline calls: emergencies first, then in the hromada's order."""
    return sorted(case_selectors.categories(hromada, KIND), key=lambda c: (not c.emergency, c.order))


def category(hromada, pk) -> CaseCategory | None:
    return next((c for c in categories(hromada) if str(c.pk) == str(pk)), None)


def phone_forms(phone: str) -> list[str]:
    """A number as the register may hold it: +380XXXXXXXXX and the local 0XXXXXXXXX."""
    normal = normalize_phone(phone)
    forms = [normal]
    if normal.startswith("+380") and len(normal) == 13:
        forms += [normal[3:], normal[1:]]
    return forms


@dataclass(frozen=True)
class Match:
    """A resident found for a caller, shown masked: surname with initials, street, the phone's last digits."""

    pk: int
    name: str
    address: str
    phone: str
    birth_year: int | None


def _mask_phone(phone: str) -> str:
    return f"•••{phone[-2:]}" if len(phone) >= 4 else ""


def _masked(resident: Resident) -> Match:
    initials = " ".join(f"{part[0]}." for part in (resident.first_name, resident.patronymic) if part)
    building = resident.building
    address = f"{building.street.settlement.name}, {building.street}" if building is not None else ""
    return Match(pk=resident.pk, name=f"{resident.last_name} {initials}".strip(), address=address,
                 phone=_mask_phone(resident.phone),
                 birth_year=resident.birth_date.year if resident.birth_date else None)


def masked_caller(row: HotlineCall) -> str:
    """A caller on a staff list: the first word of the name with initials, else the phone's last digits."""
    words = row.caller_name.split()
    if words:
        return " ".join([words[0], *(f"{word[0]}." for word in words[1:3])])
    return _mask_phone(row.caller_phone)


def lookup(hromada, *, phone: str = "", name: str = "") -> list[Match]:
    """Residents matching the caller's phone (in any usual shape) and/or name, masked; at most ``MAX_LOOKUP``."""
    phone, name = (phone or "").strip(), " ".join((name or "").split())
    if not phone and not name:
        return []
    rows = register_selectors.residents(hromada, name) if name else register_selectors.residents(hromada)
    if phone:
        normal = normalize_phone(phone)
        try:
            validate_phone(normal)
        except ValidationError:
            return []
        rows = rows.filter(phone__in=phone_forms(normal))
    rows = rows.exclude(status__in=[Resident.Status.DECEASED])
    return [_masked(row) for row in rows[:MAX_LOOKUP]]


def pick_resident(hromada, pk, *, actor) -> Resident:
    """The resident the operator chose for the caller; the read of the full name is logged (house rule 4)."""
    check_can(actor, hromada, CAPABILITY)
    resident = register_selectors.resident(hromada, pk)
    log_resident_view(resident, actor=actor, hromada=hromada, what="hotline caller")
    return resident


# --- writes --------------------------------------------------------------------------------------------------


def _clean(hromada, *, caller_name: str, caller_phone: str, summary: str, category_obj, resident,
           need_summary: bool) -> tuple[dict, dict]:
    errors: dict = {}
    values = {"caller_name": " ".join((caller_name or "").split())[:200], "caller_phone": "",
              "summary": (summary or "").strip()}
    if caller_phone and caller_phone.strip():
        phone = normalize_phone(caller_phone.strip())
        try:
            validate_phone(phone)
            values["caller_phone"] = phone
        except ValidationError as error:
            errors["caller_phone"] = error.messages[0]
    if need_summary and not values["summary"]:
        errors["summary"] = _("Write down what the caller said.")
    elif len(values["summary"]) > MAX_SUMMARY:
        errors["summary"] = _("The text is longer than %(n)s characters.") % {"n": MAX_SUMMARY}
    if category_obj is not None and (category_obj.hromada_id != hromada.pk or not category_obj.fits(KIND)):
        errors["category"] = _("Choose a category of this hromada for this kind of case.")
    if resident is not None and resident.hromada_id != hromada.pk:
        errors["resident"] = _("Choose a resident of this hromada.")
    return errors, values


def _save(hromada, actor, values: dict, **fields) -> HotlineCall:
    now = timezone.now()
    row = HotlineCall.objects.create(hromada=hromada, operator=actor, received_at=fields.pop("received_at", None)
                                     or now, closed_at=now, **values, **fields)
    audit.record(AuditEntry.Action.CREATE, row, actor=actor, hromada=hromada,
                 changes={"outcome": [None, row.outcome]})
    return row


@transaction.atomic
def consult(hromada, *, actor, summary: str, answer: str, caller_name: str = "", caller_phone: str = "",
            category: CaseCategory | None = None, resident: Resident | None = None,
            received_at: datetime | None = None) -> HotlineCall:
    """The operator answered on the spot: the call is closed with the consultation given."""
    check_can(actor, hromada, CAPABILITY)
    errors, values = _clean(hromada, caller_name=caller_name, caller_phone=caller_phone, summary=summary,
                            category_obj=category, resident=resident, need_summary=True)
    answer = (answer or "").strip()
    if not answer:
        errors["answer"] = _("Write down the consultation given.")
    elif len(answer) > MAX_SUMMARY:
        errors["answer"] = _("The text is longer than %(n)s characters.") % {"n": MAX_SUMMARY}
    if errors:
        raise ValidationError(errors)
    return _save(hromada, actor, values, outcome=Outcome.CONSULTED, answer=answer, category=category,
                 resident=resident, received_at=received_at)


def subject_of(summary: str, limit: int = 80) -> str:
    """A subject from the first words of what the caller said (the register wants a short one)."""
    words = " ".join(summary.split())
    if len(words) <= limit:
        return words
    return words[:limit].rsplit(" ", 1)[0] + "…"


@transaction.atomic
def register_call(hromada, *, actor, summary: str, caller_name: str = "", caller_phone: str = "",
             category: CaseCategory | None = None, resident: Resident | None = None, subject: str = "",
             received_at: datetime | None = None) -> HotlineCall:
    """The matter needs work: a case of kind «hotline» is registered and the call linked to it."""
    check_can(actor, hromada, CAPABILITY)
    errors, values = _clean(hromada, caller_name=caller_name, caller_phone=caller_phone, summary=summary,
                            category_obj=category, resident=resident, need_summary=True)
    if category is None:
        errors["category"] = _("Choose the category: it sets the department and the term.")
    if errors:
        raise ValidationError(errors)
    case = case_services.register_case(
        hromada, kind=KIND, actor=actor, channel="phone", applicant_name=values["caller_name"],
        applicant_phone=values["caller_phone"], category=category,
        subject=(subject or "").strip() or subject_of(values["summary"]), text=values["summary"],
        received_at=received_at,
    )
    return _save(hromada, actor, values, outcome=Outcome.CASE, case=case, category=category, resident=resident,
                 received_at=case.received_at)


@transaction.atomic
def dropped(hromada, *, actor, caller_name: str = "", caller_phone: str = "", summary: str = "",
            received_at: datetime | None = None) -> HotlineCall:
    """The call dropped before a matter was stated; kept for the figures (and a call back)."""
    check_can(actor, hromada, CAPABILITY)
    errors, values = _clean(hromada, caller_name=caller_name, caller_phone=caller_phone, summary=summary,
                            category_obj=None, resident=None, need_summary=False)
    if errors:
        raise ValidationError(errors)
    return _save(hromada, actor, values, outcome=Outcome.DROPPED, received_at=received_at)


# --- figures -------------------------------------------------------------------------------------------------


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    return _day_bounds(start)[0], _day_bounds(end)[1]


def _percentile(rows: QuerySet, count: int, share: float) -> float | None:
    """The percentile of the ordered ``hours`` column as PostgreSQL's percentile_cont would give it.

    Only the one or two rows around the position are fetched: the database sorts, Python interpolates.
    """
    if not count:
        return None
    position = share * (count - 1)
    low = math.floor(position)
    values = [value.total_seconds() / 3600 for value in rows.values_list("duration", flat=True)[low:low + 2]]
    if len(values) == 1 or position == low:
        return round(values[0], 1)
    return round(values[0] + (values[1] - values[0]) * (position - low), 1)


def close_times(hromada, start: date, end: date) -> dict:
    """Hours from the call to the closing (or answer) of the cases registered from calls in the period."""
    since, until = _bounds(start, end)
    rows = (Case.objects.filter(hromada=hromada, hotline_call__isnull=False, received_at__gte=since,
                                received_at__lt=until)
            .filter(Q(closed_at__isnull=False) | Q(answered_at__isnull=False))
            .annotate(duration=ExpressionWrapper(Coalesce("closed_at", "answered_at") - F("received_at"),
                                                 output_field=DurationField()))
            .order_by("duration", "pk"))
    count = rows.count()
    return {"count": count, "median": _percentile(rows, count, 0.5), "p95": _percentile(rows, count, 0.95)}


def analytics(hromada, start: date, end: date) -> dict:
    """The staff's figures for calls received from ``start`` to ``end`` inclusive."""
    since, until = _bounds(start, end)
    rows = HotlineCall.objects.filter(hromada=hromada, received_at__gte=since, received_at__lt=until)
    tz = timezone.get_current_timezone()
    per_day = dict(rows.annotate(day=TruncDate("received_at", tzinfo=tz)).values("day")
                   .annotate(n=Count("id")).values_list("day", "n"))
    days = [(start + timedelta(days=i), per_day.get(start + timedelta(days=i), 0))
            for i in range((end - start).days + 1)]
    by_category = list(rows.values("category__name").annotate(n=Count("id")).order_by("-n", "category__name"))
    by_outcome_raw = dict(rows.values("outcome").annotate(n=Count("id")).values_list("outcome", "n"))
    by_outcome = [(label, by_outcome_raw.get(value, 0)) for value, label in Outcome.choices]
    consulted, cased = by_outcome_raw.get(Outcome.CONSULTED, 0), by_outcome_raw.get(Outcome.CASE, 0)
    total = sum(by_outcome_raw.values())
    return {
        "start": start, "end": end, "total": total, "days": days,
        "max_day": max((n for _day, n in days), default=0),
        "by_category": [(row["category__name"] or _("no category"), row["n"]) for row in by_category],
        "by_outcome": by_outcome,
        "on_the_spot": _share(consulted, consulted + cased),
        "close": close_times(hromada, start, end),
    }


def _share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def month_start(day: date, back: int = 0) -> date:
    index = day.year * 12 + day.month - 1 - back
    return date(index // 12, index % 12 + 1, 1)


def public_phone(hromada) -> str:
    """The hotline's number: a phone labelled as the hotline in the hromada's contacts, else the setting."""
    from hromada.portal import selectors as portal_selectors

    for phone in portal_selectors.contacts(hromada).phones or []:
        label = str(phone.get("label", "")).lower() if isinstance(phone, dict) else ""
        if ("гаряч" in label or "hotline" in label) and phone.get("number"):
            return str(phone["number"])
    return get_setting(hromada, "hotline.phone")


def public_figures(hromada, today: date | None = None, top: int = 5) -> dict:
    """The last 12 months (this one included) for the public page: counts only, no personal data."""
    today = today or timezone.localdate()
    first = month_start(today, 11)
    since, until = _bounds(first, today)
    rows = HotlineCall.objects.filter(hromada=hromada, received_at__gte=since, received_at__lt=until)
    tz = timezone.get_current_timezone()
    per_month_raw = {(value.year, value.month): n for value, n in
                     rows.annotate(month=TruncMonth("received_at", tzinfo=tz)).values("month")
                     .annotate(n=Count("id")).values_list("month", "n")}
    months = []
    for back in range(11, -1, -1):
        start = month_start(today, back)
        months.append((start, per_month_raw.get((start.year, start.month), 0)))
    outcome = dict(rows.values("outcome").annotate(n=Count("id")).values_list("outcome", "n"))
    consulted, cased = outcome.get(Outcome.CONSULTED, 0), outcome.get(Outcome.CASE, 0)
    top_categories = list(rows.filter(category__isnull=False).values("category__name").annotate(n=Count("id"))
                          .order_by("-n", "category__name")[:top])
    return {
        "phone": public_phone(hromada), "hours": get_setting(hromada, "hotline.hours"),
        "start": first, "end": today, "months": months, "max_month": max(n for _m, n in months),
        "total": sum(outcome.values()),
        "top_categories": [(row["category__name"], row["n"]) for row in top_categories],
        "on_the_spot": _share(consulted, consulted + cased),
        "median_close": close_times(hromada, first, today)["median"],
    }
