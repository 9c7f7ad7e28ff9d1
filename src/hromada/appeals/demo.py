"""Demo appeals, hotline calls and information requests (idempotent; run by core.demo.seed after accounts' demo).

Mohyliv gets a year of cases up to today: case categories with their departments and terms, ~600 appeals,
~900 hotline calls (about half answered on the spot, the rest registered as hotline cases) and ~150 information
requests, with believable timelines by the demo staff. Slobozhanska gets a handful, so tenant isolation shows.

The rows are bulk-inserted for speed, but every clock comes from the engine (``services.term_of`` and
``clock.due_for`` on the hromada's calendar), numbers follow the hromada's patterns per series and year, and the
counters are set to the last number so later registrations continue the series. A hromada that already has
cases is left alone. Everything is relative to ``timezone.now()``: the demo is always «a year up to today».
"""

from __future__ import annotations

import random
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.utils import timezone

from hromada.appeals import demo_data as data
from hromada.appeals.case_kinds import APPEAL, APPEAL_CLOSING_GROUNDS, HOTLINE, INFO_REFUSAL_GROUNDS, INFO_REQUEST
from hromada.appeals.models import HotlineCall
from hromada.core.cases import clock, kinds, services
from hromada.core.deadlines import calendar_for
from hromada.core.hromada_settings import get_setting
from hromada.core.models import (
    Case,
    CaseCategory,
    CaseChannel,
    CaseCounter,
    CaseEvent,
    CaseExecutor,
    CaseOutcome,
    CaseStatus,
    Department,
    Hromada,
    Settlement,
    User,
)
from hromada.core.validators import normalize_phone

MOHYLIV = "UA12020110000034205"
SLOBOZHANSKA = "UA12020250000010438"
APPEALS, HOTLINE_CALLS, INFO_REQUESTS = 600, 900, 150
HOTLINE_CASE_SHARE, HOTLINE_DROPPED_SHARE = 0.5, 0.03
LATE_SHARE = 0.08
Event = CaseEvent.Kind

# Demo staff of Mohyliv (core/demo/data.py ACCOUNTS) and who handles and signs per department.
REGISTRAR, OPERATOR, ADMIN = "registrar@mohyliv.example", "hotline@mohyliv.example", "admin@mohyliv.example"
CNAP_ADMIN = "cnap@mohyliv.example"
UNITS = {  # department short name: (head who assigns and signs, executors)
    "ВЗРЕ": ("head.land@mohyliv.example", ["clerk.land@mohyliv.example", "head.land@mohyliv.example"]),
    "ЗВ": ("head.general@mohyliv.example", ["clerk@mohyliv.example", "head.general@mohyliv.example"]),
    "ЦНАП": (ADMIN, ["clerk.cnap@mohyliv.example"]),
    "ФВ": ("head@mohyliv.example", ["head@mohyliv.example"]),
}
FIRST_RESIDENT = "resident001@mohyliv.example"


@dataclass
class Draft:
    """A case about to be inserted, with its timeline and executor (filled in once the case has its key)."""

    case: Case
    events: list[tuple] = field(default_factory=list)  # (kind, actor, at, note, data, public)
    executor: tuple | None = None  # (user, department, due_date, assigned_by, assigned_at, done_at)
    repeat_of: Draft | None = None
    call: HotlineCall | None = None

    def event(self, kind, actor, at, note="", data=None, public=True):
        self.events.append((kind, actor, at.replace(microsecond=0), note, data or {}, public))


class Builder:
    """Generates the cases of one hromada; deterministic for a given ``now``."""

    def __init__(self, hromada: Hromada, now: datetime, rng: random.Random):
        self.hromada, self.now, self.rng = hromada, now, rng
        self.cal = calendar_for(hromada)
        self.tz = timezone.get_current_timezone()
        emails = {login for login, *_rest in UNITS.values()} | {e for _h, ex in UNITS.values() for e in ex}
        emails |= {REGISTRAR, OPERATOR, ADMIN, CNAP_ADMIN}
        self.staff = {u.email: u for u in User.objects.filter(email__in=emails)}
        self.registrar = self.staff.get(REGISTRAR) or self.staff.get(ADMIN)
        self.operator = self.staff.get(OPERATOR) or self.registrar
        self.departments = {d.short_name: d for d in Department.objects.filter(hromada=hromada)}
        self.residents = list(User.objects.filter(email__startswith="resident", email__endswith="@mohyliv.example",
                                                  memberships__hromada=hromada).exclude(email=FIRST_RESIDENT)
                              .order_by("email")[:150])
        self.first_resident = User.objects.filter(email=FIRST_RESIDENT, memberships__hromada=hromada).first()
        self.streets = self._streets()
        self.drafts: list[Draft] = []
        self.calls: list[HotlineCall] = []
        self.closing_anonymous = str(APPEAL_CLOSING_GROUNDS[0][1])

    # --- people and places ---------------------------------------------------------------------------------

    def _streets(self) -> dict[str, list[str]]:
        from hromada.registers.models import Street

        by_village: dict[str, list[str]] = {}
        for village, name in (Street.objects.filter(hromada=self.hromada, kind="vulytsia")
                              .order_by("settlement__name", "name").values_list("settlement__name", "name")):
            if name in data.STREET_LOCATIVE:
                by_village.setdefault(village, []).append(name)
        villages = set(Settlement.objects.filter(hromada=self.hromada).values_list("name", flat=True))
        return {village: by_village.get(village) or data.FALLBACK_STREETS
                for village in data.SETTLEMENT_WEIGHTS if village in villages} or {"Могилів": data.FALLBACK_STREETS}

    def place(self) -> dict:
        villages = list(self.streets)
        village = self.rng.choices(villages, [data.SETTLEMENT_WEIGHTS[v] for v in villages])[0]
        street = self.rng.choice(self.streets[village])
        house = self.rng.randint(1, 40 if village == "Могилів" else 15)
        prefix = "с-ще" if village == "Молодіжне" else "с."
        return {"village": village, "village_loc": data.SETTLEMENT_LOCATIVE[village], "street": f"вул. {street}",
                "street_loc": data.STREET_LOCATIVE[street], "house": house,
                "address": f"{prefix} {village}, вул. {street}, {house}"}

    def person(self) -> tuple[str, str]:
        given, gender = self.rng.choice(data.GIVEN_NAMES)
        surname = self.rng.choice(data.SURNAMES)[0 if gender == "m" else 1]
        father = self.rng.choice(data.FATHERS)[0 if gender == "m" else 1]
        return f"{surname} {given} {father}", gender

    def phone(self) -> str:
        """A phone as a person dictates it: the shapes vary on purpose (hotline cards keep them as typed)."""
        operator = self.rng.choice(["50", "66", "67", "68", "73", "93", "95", "96", "97", "98", "99"])
        n = f"{self.rng.randint(0, 9_999_999):07d}"
        shape = self.rng.randrange(5)
        return [f"+380{operator}{n}", f"+380 {operator} {n[:3]} {n[3:5]} {n[5:]}",
                f"0{operator}-{n[:3]}-{n[3:5]}-{n[5:]}", f"(0{operator}) {n[:3]} {n[3:5]} {n[5:]}",
                f"0{operator}{n}"][shape]

    def email(self, name: str, number: int) -> str:
        surname = name.split()[0].lower()
        latin = "".join(_TRANSLIT.get(ch, ch) for ch in surname)
        return f"{latin}.{number}@mail.example"

    # --- time ---------------------------------------------------------------------------------------------

    def local(self, day, hour: int, minute: int = 0) -> datetime:
        return timezone.make_aware(datetime.combine(day, time(hour, minute)), self.tz)

    def received(self, days_ago: float, office_hours: bool) -> datetime:
        moment = self.now - timedelta(days=days_ago)
        day = timezone.localdate(moment)
        if office_hours:
            while day.weekday() >= 5:
                day -= timedelta(days=1)
            moment = self.local(day, self.rng.randint(8, 16), self.rng.randrange(60))
        return min(moment, self.now - timedelta(minutes=self.rng.randint(20, 90))).replace(second=0, microsecond=0)

    def working_moment(self, moment: datetime) -> datetime:
        """The same day during office hours, or the next working day's morning."""
        local = timezone.localtime(moment)
        day = local.date()
        if local.hour >= 17:
            day += timedelta(days=1)
        while not self.cal.is_working_day(day):
            day += timedelta(days=1)
        if day != local.date() or local.hour < 8:
            return self.local(day, self.rng.randint(8, 11), self.rng.randrange(60))
        return moment

    def end_of(self, case: Case) -> datetime:
        return case.due_at or self.local(case.due_date, 17)

    # --- one case ------------------------------------------------------------------------------------------

    def new_case(self, kind: str, received_at: datetime, channel: str, category: CaseCategory | None,
                 department: Department | None, **fields) -> Draft:
        case = Case(hromada=self.hromada, kind=kind, channel=channel, category=category, received_at=received_at,
                    department=department or (category.department if category else None), **fields)
        if case.applicant_phone:
            case.applicant_phone = normalize_phone(case.applicant_phone)  # as register_case stores it
        term = services.term_of(case)
        case.term_unit, case.term_amount, case.term_basis = term.unit, term.amount, str(term.basis)[:300]
        case.due_date, case.due_at = clock.due_for(self.cal, received_at, term)
        case.initial_due_date = case.due_date
        case.year = timezone.localdate(received_at).year
        case.created_at = received_at
        draft = Draft(case)
        creator = case.created_by
        draft.event(Event.REGISTERED, creator, received_at, data={
            "channel": channel, "due_date": case.due_date.isoformat(), "basis": case.term_basis})
        self.drafts.append(draft)
        return draft

    def process(self, draft: Draft, *, outcome: str, answer: str, late: bool = False, extend: bool = False,
                hold_open: bool = False, refusal_ground: str = "") -> None:
        """Assign, resolve, draft, sign and close — as far as the clock has got by now."""
        case = draft.case
        if case.department is None:
            case.department = self.departments["ЗВ"]
        unit = case.department.short_name
        head_login, executor_logins = UNITS.get(unit, UNITS["ЗВ"])
        head = self.staff.get(head_login) or self.registrar
        executor = self.staff.get(self.rng.choice(executor_logins)) or head
        received = case.received_at
        if self.now - received < timedelta(days=1.5) and self.rng.random() < 0.6:
            return  # came in since yesterday: still waiting in the registrar's queue
        end = self.end_of(case)
        span = end - received
        hours_term = case.due_at is not None
        assigned_at = received + min(span * self.rng.uniform(0.03, 0.12), timedelta(hours=self.rng.uniform(1, 26)))
        if not hours_term:
            assigned_at = self.working_moment(assigned_at)
        extended_at = None
        if extend and assigned_at + timedelta(hours=2) < self.now:
            spec = kinds.get(case.kind)
            limit = spec.extension_limit(case)
            until = clock.due_for(self.cal, received, limit)[0]
            extended_at = assigned_at + (self.end_of(case) - assigned_at) * self.rng.uniform(0.2, 0.5)
            if spec.extension_window is not None:
                window_end = self.local(clock.due_for(self.cal, received, spec.extension_window(case))[0], 16)
                extended_at = min(extended_at, window_end)
            day = timezone.localdate(extended_at)
            while not self.cal.is_working_day(day):
                day -= timedelta(days=1)
            extended_at = self.local(day, self.rng.randint(9, 15), self.rng.randrange(60))
            extended_at = max(min(extended_at, self.now - timedelta(minutes=30)), assigned_at + timedelta(minutes=30))
            draft.event(Event.EXTENDED, head, extended_at, note=data.EXTENSION_REASONS[case.kind],
                        data={"from": case.due_date.isoformat(), "to": until.isoformat()})
            case.due_date, case.due_at = until, None
            case.term_basis = str(limit.basis)[:300]
            case.extension_reason = data.EXTENSION_REASONS[case.kind]
            old_end, end = end, self.end_of(case)
            span, hours_term = end - received, False
            answered_at = old_end + (end - old_end) * self.rng.uniform(0.2, 0.9)
        elif not late:
            answered_at = received + span * self.rng.uniform(0.3 if not hours_term else 0.2, 0.92)
        if late:
            answered_at = end + (timedelta(hours=self.rng.uniform(2, 30)) if hours_term
                                 else timedelta(days=self.rng.uniform(1, 9)))
        if not hours_term:
            answered_at = self.working_moment(answered_at)
            if not late and answered_at > end:
                answered_at = end - timedelta(hours=self.rng.uniform(1, 4))
        elif timezone.localtime(answered_at).hour not in range(8, 20):
            # Emergencies are answered around the clock, but the answer is signed in the evening or next morning.
            evening = self.local(timezone.localdate(answered_at - timedelta(hours=8)), 19, self.rng.randrange(50))
            answered_at = evening if evening > assigned_at + timedelta(hours=1) else evening + timedelta(hours=13)
        if hold_open:
            answered_at = max(answered_at, self.now + timedelta(days=self.rng.uniform(1, 6)))
        assigned_at, answered_at = assigned_at.replace(microsecond=0), answered_at.replace(microsecond=0)
        drafted_at = max(answered_at - min(span * 0.1, timedelta(hours=self.rng.uniform(1, 30))),
                         (extended_at or assigned_at) + timedelta(minutes=20))
        if not hours_term and timezone.localtime(drafted_at).hour not in range(8, 18):
            drafted_at = max(answered_at - timedelta(hours=self.rng.uniform(0.5, 3)),
                             assigned_at + timedelta(minutes=20))
        if hold_open and self.rng.random() < 0.3:  # the draft waits for the head's signature
            drafted_at = max(self.now - timedelta(hours=self.rng.uniform(1, 20)), assigned_at + timedelta(minutes=20))
        drafted_at = drafted_at.replace(microsecond=0)
        closed_at = self.working_moment(answered_at + timedelta(days=self.rng.uniform(1, 5))).replace(microsecond=0)
        if assigned_at > self.now:
            return  # still registered: nobody has picked it up yet
        case.executor, case.status = executor, CaseStatus.IN_PROGRESS
        case.resolution = self.rng.choice(data.RESOLUTIONS)
        case.resolution_due = case.due_date
        draft.event(Event.ASSIGNED, head, assigned_at, note=f"{case.department.name}: {executor.full_name}",
                    data={"department": case.department_id, "executors": [executor.pk]}, public=False)
        draft.event(Event.RESOLUTION, head, assigned_at, note=case.resolution,
                    data={"due_date": case.resolution_due.isoformat()}, public=False)
        draft.executor = (executor, case.department, case.resolution_due, head, assigned_at,
                          answered_at if answered_at <= self.now else None)
        draft.events.sort(key=lambda row: row[2])
        if drafted_at > self.now:
            return
        case.status, case.outcome, case.answer_text, case.answered_by = (CaseStatus.AWAITING_APPROVAL, outcome,
                                                                         answer, executor)
        case.refusal_ground = refusal_ground
        draft.event(Event.ANSWER_DRAFTED, executor, drafted_at, data={"outcome": outcome}, public=False)
        if answered_at > self.now:
            return
        case.status, case.signed_by, case.answered_at = CaseStatus.ANSWERED, head, answered_at
        draft.event(Event.ANSWERED, head, answered_at, data={"outcome": outcome, "late": services.was_late(case)})
        if closed_at > self.now:
            return
        case.status, case.closed_at = CaseStatus.CLOSED, closed_at
        case.closure_reason = "Відповідь надано, звернення знято з контролю."
        draft.event(Event.CLOSED, self.registrar, closed_at, note=case.closure_reason,
                    data={"outcome": outcome, "ground": ""})

    def forward(self, draft: Draft, to_body: str, reason: str) -> None:
        case = draft.case
        at = self.working_moment(case.received_at + timedelta(days=self.rng.uniform(0.5, 2.5))).replace(microsecond=0)
        case.forwarded_to, case.status, case.outcome = to_body, CaseStatus.CLOSED, CaseOutcome.FORWARDED
        case.closure_reason, case.closed_at, case.answered_at = reason, at, at
        draft.event(Event.FORWARDED, self.registrar, at, note=f"{to_body}: {reason}",
                    data={"to": to_body, "in_term": True})
        draft.event(Event.CLOSED, self.registrar, at, note=reason, data={"outcome": CaseOutcome.FORWARDED,
                                                                          "ground": ""})

    def rate(self, draft: Draft) -> None:
        case = draft.case
        rated_at = (case.answered_at + timedelta(hours=self.rng.uniform(2, 72))).replace(microsecond=0)
        if rated_at > self.now:
            return
        stars = self.rng.choices([5, 4, 3, 2, 1], [45, 25, 14, 9, 7])[0]
        comment = self.rng.choice(data.RATING_COMMENTS[stars])
        case.rating, case.rating_comment = stars, comment
        draft.event(Event.RATED, case.applicant, rated_at, note=comment, data={"rating": stars})


_TRANSLIT = dict(zip("абвгґдеєжзиіїйклмнопрстуфхцчшщьюя'", [
    "a", "b", "v", "h", "g", "d", "e", "ie", "zh", "z", "y", "i", "i", "i", "k", "l", "m", "n", "o", "p", "r",
    "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "iu", "ia", ""], strict=True))


def _fill(template: str, place: dict, year: int) -> str:
    return template.format(**place, year=year, next_year=year + 1)


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


# --- Mohyliv ---------------------------------------------------------------------------------------------------


def _categories(hromada: Hromada, specs, report) -> dict[str, CaseCategory]:
    departments = {d.short_name: d for d in Department.objects.filter(hromada=hromada)}
    existing = {c.name: c for c in CaseCategory.objects.filter(hromada=hromada)}
    created = []
    for order, (name, kinds_, unit, hours, emergency, *_weights) in enumerate(specs, start=1):
        if name not in existing:
            category = CaseCategory(hromada=hromada, name=name, kinds=kinds_, department=departments.get(unit),
                                    term_hours=hours, emergency=emergency, order=order * 10)
            created.append(category)
    CaseCategory.objects.bulk_create(created)
    if created:
        report.created["case categories"] = report.created.get("case categories", 0) + len(created)
    return {c.name: c for c in CaseCategory.objects.filter(hromada=hromada).select_related("department")}


def _electronic_share(days_ago: float, low: float, high: float) -> float:
    """Electronic filing grows over the year: ``low`` a year ago, ``high`` now."""
    return low + (high - low) * (1 - days_ago / 365)


def _applicant(b: Builder, channel: str, place: dict, *, account_required: bool = True) -> dict:
    """Who filed: a resident's account on the portal/app (appeals need one), otherwise a person the staff entered."""
    online = channel in (CaseChannel.PORTAL, CaseChannel.API)
    if online and b.residents and (account_required or b.rng.random() < 0.6):
        user = b.rng.choice(b.residents)
        return {"applicant": user, "applicant_name": user.full_name, "applicant_email": user.email,
                "applicant_address": place["address"], "created_by": user}
    name, _gender = b.person()
    fields = {"applicant_name": name, "applicant_address": place["address"],
              "created_by": None if channel in (CaseChannel.PORTAL, CaseChannel.API) else b.registrar}
    if channel in (CaseChannel.PORTAL, CaseChannel.API, CaseChannel.EMAIL) or b.rng.random() < 0.3:
        fields["applicant_email"] = b.email(name, b.rng.randint(1, 999))
    if channel not in (CaseChannel.PORTAL, CaseChannel.API, CaseChannel.EMAIL) or b.rng.random() < 0.5:
        fields["applicant_phone"] = b.phone()
    if channel == CaseChannel.PAPER_CNAP and b.staff.get(CNAP_ADMIN):
        fields["created_by"] = b.staff[CNAP_ADMIN]
    return fields


def _appeal_channel(b: Builder, days_ago: float, village: str) -> str:
    # Hotline cases (by phone) are ~40 % of appeals, so «share of appeals filed electronically» (appeals and
    # hotline cases) ends the year near 25 %, up from ~15 % a year ago (the programme's baseline 12 %, target 20 %).
    if b.rng.random() < _electronic_share(days_ago, 0.25, 0.60):
        return b.rng.choices([CaseChannel.PORTAL, CaseChannel.EMAIL, CaseChannel.API], [55, 30, 15])[0]
    if village in data.STAROSTA_VILLAGES and b.rng.random() < 0.6:
        return CaseChannel.PAPER_STAROSTA
    return b.rng.choices([CaseChannel.PAPER_CNAP, CaseChannel.RECEPTION, CaseChannel.POST], [50, 30, 20])[0]


def _outcome(b: Builder) -> str:
    return b.rng.choices([CaseOutcome.SATISFIED, CaseOutcome.EXPLAINED, CaseOutcome.REJECTED], [45, 45, 10])[0]


def _appeals(b: Builder, categories: dict[str, CaseCategory]) -> None:
    names = [spec[0] for spec in data.CATEGORIES]
    weights = [spec[5] for spec in data.CATEGORIES]
    ages = sorted((b.rng.uniform(0.05, 365) for _ in range(APPEALS)), reverse=True)
    extended = set(b.rng.sample(range(60, APPEALS - 60), 6)) | {APPEALS - 25}
    collective = set(b.rng.sample(range(APPEALS), 9))
    priority = set(b.rng.sample(range(APPEALS), 14))
    forwarded = dict(zip((150, 420), [row for row in data.FORWARDED if row[0] == APPEAL], strict=True))
    anonymous = 300
    held_open = {i for i, age in enumerate(ages) if 33 <= age <= 42}
    held_open = set(sorted(held_open)[:4])
    # Some of last month's appeals are still being worked on: due in the coming days.
    due_soon = {i for i, age in enumerate(ages) if 17 <= age <= 30 and i % 3}
    by_identity: dict[tuple, Draft] = {}
    for index, age in enumerate(ages):
        category = categories[b.rng.choices(names, weights)[0]]
        texts = data.TEXTS[category.name]
        place = b.place()
        channel = _appeal_channel(b, age, place["village"])
        office = channel not in (CaseChannel.PORTAL, CaseChannel.API, CaseChannel.EMAIL)
        received_at = b.received(age, office)
        year = received_at.year
        if index == anonymous:
            category_name, subject, text = data.ANONYMOUS
            draft = b.new_case(APPEAL, received_at, CaseChannel.POST, categories[category_name], None,
                               subkind="complaint", anonymous=True, subject=subject, text=text,
                               created_by=b.registrar)
            case = draft.case
            case.status, case.outcome, case.refusal_ground = CaseStatus.CLOSED, CaseOutcome.NOT_CONSIDERED, "anonymous"
            case.closure_reason, case.closed_at, case.answered_at = b.closing_anonymous, received_at, received_at
            draft.event(Event.CLOSED, None, received_at, note=b.closing_anonymous,
                        data={"outcome": CaseOutcome.NOT_CONSIDERED, "ground": "anonymous"})
            continue
        if channel in (CaseChannel.PORTAL, CaseChannel.API) and not b.residents:
            channel = CaseChannel.EMAIL
        fields = _applicant(b, channel, place)
        subkind = b.rng.choices(["application", "complaint", "proposal"], [62, 26, 12])[0]
        matter = b.rng.randrange(len(texts["texts"]))
        fields.update(subkind=subkind, subject=_upper_first(_fill(texts["subjects"][matter], place, year)),
                      text=_fill(texts["texts"][matter], place, year))
        if index in collective:
            fields.update(collective=True, signatories=b.rng.randint(12, 95),
                          text=fields["text"] + f" Звернення підписали мешканці {place['street_loc']}.")
        if index in priority:
            fields.update(priority=True, priority_ground=b.rng.choice(data.PRIORITY_GROUNDS))
        if b.rng.random() < 0.08:
            fields.update(urgent=True, urgent_ground="питання не потребує додаткового вивчення")
        repeat_of = None
        if index % 37 == 5 and by_identity:  # the same person writes again on the matter they wrote about
            earlier = b.rng.choice(list(by_identity.values()))
            if (received_at - earlier.case.received_at).days < 365 and earlier.case.status == CaseStatus.CLOSED:
                repeat_of, category = earlier, earlier.case.category
                for name in ("applicant", "applicant_name", "applicant_email", "applicant_phone",
                             "applicant_address"):
                    fields[name] = getattr(earlier.case, name)
                if channel in (CaseChannel.PORTAL, CaseChannel.API) and fields["applicant"] is None:
                    channel = CaseChannel.EMAIL
                fields["created_by"] = (fields["applicant"] if channel in (CaseChannel.PORTAL, CaseChannel.API)
                                        else b.registrar)
                fields["subject"] = earlier.case.subject
                fields["text"] = ("Повторно звертаюся з тим самим питанням: обіцяні роботи так і не виконано. "
                                  + earlier.case.text)
                fields["subkind"] = "complaint"
        if index in forwarded:
            _kind, body, reason, category_name, subject, text = forwarded[index]
            fields.update(subject=subject, text=_fill(text, place, year))
            draft = b.new_case(APPEAL, received_at, channel, categories[category_name], None, **fields)
            b.forward(draft, body, reason)
            continue
        draft = b.new_case(APPEAL, received_at, channel, category, None, **fields)
        draft.repeat_of = repeat_of
        outcome = _outcome(b)
        answer = _fill(texts["answers"][outcome], place, year)
        b.process(draft, outcome=outcome, answer=answer, late=b.rng.random() < LATE_SHARE or index in held_open,
                  extend=index in extended, hold_open=index in held_open or index in due_soon)
        if draft.case.applicant_id and draft.case.answered_at and b.rng.random() < 0.6:
            b.rate(draft)
        if draft.case.status == CaseStatus.CLOSED:
            by_identity[(draft.case.applicant_name, draft.case.category_id)] = draft


def _hotline(b: Builder, categories: dict[str, CaseCategory]) -> None:
    names = [spec[0] for spec in data.CATEGORIES]
    weights = [spec[6] for spec in data.CATEGORIES]
    for _ in range(HOTLINE_CALLS):
        age = b.rng.uniform(0.02, 365)
        moment = b.now - timedelta(days=age)
        day = timezone.localdate(moment)
        received_at = min(b.local(day, b.rng.randint(8, 19), b.rng.randrange(60)),
                          b.now - timedelta(minutes=b.rng.randint(10, 60))).replace(second=0, microsecond=0)
        category = categories[b.rng.choices(names, weights)[0]]
        texts = data.TEXTS[category.name]
        place = b.place()
        name, gender = b.person()
        roll = b.rng.random()
        consulted = HOTLINE_DROPPED_SHARE <= roll < 1 - HOTLINE_CASE_SHARE
        said, consultation = (b.rng.choice(texts["questions"]) if consulted else (b.rng.choice(texts["calls"]), ""))
        said = _upper_first(_fill(said, place, received_at.year))
        if gender == "f":
            said = said.replace("Повідомив", "Повідомила").replace("Питав", "Питала")
        else:
            said = said.replace("Повідомила", "Повідомив").replace("Питала", "Питав")
        duration = b.rng.randint(45, 540)
        call = HotlineCall(hromada=b.hromada, received_at=received_at, operator=b.operator,
                           caller_name=name if b.rng.random() < 0.85 else "", caller_phone=b.phone(),
                           category=category, summary=said, duration_seconds=duration,
                           closed_at=received_at + timedelta(seconds=duration))
        b.calls.append(call)
        if roll < HOTLINE_DROPPED_SHARE:
            call.outcome, call.category, call.summary = HotlineCall.Outcome.DROPPED, None, "Зв'язок перервався."
            call.caller_name = ""
            continue
        if consulted:
            call.outcome = HotlineCall.Outcome.CONSULTED
            call.answer = _fill(consultation, place, received_at.year)
            continue
        call.outcome = HotlineCall.Outcome.CASE
        text = (f"{said} ({place['address']}). Просить вжити заходів і повідомити результат телефоном.")
        draft = b.new_case(HOTLINE, received_at, CaseChannel.PHONE, category, None, subject=said[:300], text=text,
                           applicant_name=call.caller_name or name, applicant_phone=call.caller_phone,
                           applicant_address=place["address"], created_by=b.operator)
        draft.call = call
        outcome = _outcome(b)
        b.process(draft, outcome=outcome, answer=_fill(texts["answers"][outcome], place, received_at.year),
                  late=b.rng.random() < LATE_SHARE)


def _info_requests(b: Builder) -> None:
    published = set(range(20, 140, 25))  # five public threads
    publish_pending = {133, 141}
    urgent = {40, 95, 146}
    extended = {30, 77, 118}
    refused = {12, 64, 101}
    forwarded = dict(zip((55, 122), [row for row in data.FORWARDED if row[0] == INFO_REQUEST], strict=True))
    held_open = {INFO_REQUESTS - 12}
    ages = sorted((b.rng.uniform(0.1, 365) for _ in range(INFO_REQUESTS)), reverse=True)
    for index, age in enumerate(ages):
        subject, text, unit, answer = b.rng.choice(data.INFO_REQUESTS)
        place = b.place()
        electronic = b.rng.random() < _electronic_share(age, 0.45, 0.75)
        channel = (b.rng.choices([CaseChannel.PORTAL, CaseChannel.EMAIL], [60, 40])[0] if electronic else
                   b.rng.choices([CaseChannel.POST, CaseChannel.PAPER_CNAP, CaseChannel.RECEPTION], [50, 35, 15])[0])
        received_at = b.received(age, not electronic)
        year = received_at.year
        fields = _applicant(b, channel, place, account_required=False)
        if b.rng.random() < 0.3:  # a journalist or an NGO rather than a neighbour
            fields.update(applicant=None, applicant_address="", applicant_phone="",
                          created_by=None if channel == CaseChannel.PORTAL else b.registrar,
                          applicant_name=b.rng.choice(["ГО «Прозора громада»", "Редакція газети «Орільські вісті»",
                                                       "ГО «Центр громадського контролю»"]),
                          applicant_email=b.rng.choice(["info@prozora.example", "news@orilvisti.example",
                                                        "control@gromkontrol.example"]))
        fields.update(subject=_fill(subject, place, year), text=_fill(text, place, year))
        if index in urgent:
            fields.update(urgent=True, urgent_ground="стосується загрози життю та здоров'ю людей (ст. 20 ч. 2)",
                          subject="Якість питної води після аварії",
                          text="Після аварії на водогоні вода має запах. Прошу терміново надати результати "
                               "досліджень якості питної води, щоб знати, чи безпечно її пити.")
            unit, answer = "ВЗРЕ", ("Надаємо протокол позачергового дослідження питної води: показники відповідають "
                                    "нормам; вода безпечна для пиття після кип'ятіння.")
        if index in published or index in publish_pending:
            fields["publish_requested"] = True
        if index in forwarded:
            _kind, body, reason, _category, subject, text = forwarded[index]
            fields.update(subject=subject, text=_fill(text, place, year))
        draft = b.new_case(INFO_REQUEST, received_at, channel, None, b.departments.get(unit), **fields)
        if index in forwarded:
            b.forward(draft, body, reason)
            continue
        ground = ""
        outcome = CaseOutcome.PROVIDED
        if index in refused:
            outcome, ground = CaseOutcome.REFUSED, INFO_REFUSAL_GROUNDS[1][0]
            answer = ("У задоволенні запиту відмовлено: запитувана інформація належить до інформації з обмеженим "
                      "доступом (ст. 22 ч. 1 п. 2, ст. 6 Закону «Про доступ до публічної інформації»).")
        answer = _fill(answer, place, year)
        b.process(draft, outcome=outcome, answer=answer, late=b.rng.random() < LATE_SHARE / 2 or index in held_open,
                  extend=index in extended, hold_open=index in held_open, refusal_ground=ground)
        case = draft.case
        if index in published and case.answered_at:
            at = (case.answered_at + timedelta(days=b.rng.uniform(1, 3))).replace(microsecond=0)
            if at < b.now:
                case.published_at, case.public_text, case.public_answer = at, case.text, case.answer_text
                draft.event(Event.PUBLISHED, b.registrar, at, note=data.PUBLISHED_NOTE)


def _first_resident(b: Builder, categories: dict[str, CaseCategory]) -> None:
    """resident001's cabinet: one answered appeal (not yet rated) and one open information request."""
    user = b.first_resident
    if user is None:
        return
    place = b.place()
    category = categories["Вуличне освітлення"]
    texts = data.TEXTS[category.name]
    received_at = b.received(24.3, False)
    year = received_at.year
    draft = b.new_case(APPEAL, received_at, CaseChannel.PORTAL, category, None, subkind="application",
                       applicant=user, applicant_name=user.full_name, applicant_email=user.email,
                       applicant_address=place["address"], created_by=user,
                       subject=_upper_first(_fill(texts["subjects"][0], place, year)),
                       text=_fill(texts["texts"][0], place, year))
    b.process(draft, outcome=CaseOutcome.SATISFIED, answer=_fill(texts["answers"]["satisfied"], place, year))
    # Answered two days ago and not closed, so the cabinet shows a fresh answer waiting for a rating.
    case = draft.case
    answered = min(b.working_moment(b.now - timedelta(days=2)), b.now - timedelta(hours=3)).replace(microsecond=0)
    head = b.staff.get(UNITS["ВЗРЕ"][0]) or b.registrar
    executor = case.executor or head
    draft.events = [row for row in draft.events if row[0] in (Event.REGISTERED, Event.ASSIGNED, Event.RESOLUTION)]
    draft.event(Event.ANSWER_DRAFTED, executor, answered - timedelta(hours=4),
                data={"outcome": CaseOutcome.SATISFIED}, public=False)
    case.status, case.outcome, case.answer_text = (CaseStatus.ANSWERED, CaseOutcome.SATISFIED,
                                                   _fill(texts["answers"]["satisfied"], place, year))
    case.answered_at, case.signed_by, case.answered_by = answered, head, executor
    case.closed_at, case.closure_reason, case.rating, case.rating_comment = None, "", None, ""
    draft.event(Event.ANSWERED, head, answered, data={"outcome": case.outcome, "late": services.was_late(case)})
    if draft.executor:
        draft.executor = (*draft.executor[:5], answered)

    subject, text, unit, answer = data.INFO_REQUESTS[0]
    received_at = (b.now - timedelta(hours=20)).replace(microsecond=0)
    year = received_at.year
    draft = b.new_case(INFO_REQUEST, received_at, CaseChannel.PORTAL, None, b.departments.get(unit),
                       applicant=user, applicant_name=user.full_name, applicant_email=user.email, created_by=user,
                       publish_requested=True, subject=_fill(subject, place, year), text=_fill(text, place, year))
    b.process(draft, outcome=CaseOutcome.PROVIDED, answer=_fill(answer, place, year), hold_open=True)


# --- Slobozhanska: a handful ---------------------------------------------------------------------------------


SLOBOZHANSKA_CATEGORIES = [
    ("Благоустрій", "", "ВЗОЗ", None, False, 1, 1),
    ("Електронні послуги та сайт громади", "", "ВІТЕУ", None, False, 1, 1),
]


def _slobozhanska(hromada: Hromada, now: datetime, report) -> int:
    categories = _categories(hromada, SLOBOZHANSKA_CATEGORIES, report)
    if Case.objects.filter(hromada=hromada).exists():
        return 0
    b = Builder(hromada, now, random.Random(3))  # noqa: S311 - demo data, not secrets
    admin = User.objects.filter(email="admin@slobozhanska.example").first()
    clerk = User.objects.filter(email="clerk@slobozhanska.example").first()
    if admin is None:
        return 0
    b.registrar = b.operator = admin
    executors = {"ВІТЕУ": clerk or admin, "ВЗОЗ": admin}
    rows = [
        (APPEAL, 40, "Благоустрій", "application", "Ремонт освітлення в парку", "Прошу відновити освітлення "
         "центральної алеї парку в смт Слобожанське: ліхтарі не горять від осені.", "Світильники замінено."),
        (APPEAL, 12, "Електронні послуги та сайт громади", "proposal", "Онлайн-запис до ЦНАП",
         "Пропоную додати на сайт громади онлайн-запис до ЦНАП.", "Пропозицію враховано: запис уже працює."),
        (APPEAL, 2, "Благоустрій", "complaint", "Прибирання снігу", "Не прибрано сніг на вулиці Василівській.", ""),
        (INFO_REQUEST, 20, "Електронні послуги та сайт громади", "", "Витрати на сайт громади",
         "Прошу надати інформацію про витрати на створення і підтримку сайту громади у 2026 році.",
         "Надаємо договір на хостинг і підтримку сайту (3 аркуші)."),
    ]
    for kind, days_ago, category_name, subkind, subject, text, answer in rows:
        category = categories[category_name]
        received_at = b.received(days_ago, True)
        name, _gender = b.person()
        draft = b.new_case(kind, received_at, CaseChannel.EMAIL, category if kind != INFO_REQUEST else None,
                           category.department, subkind=subkind, subject=subject, text=text,
                           applicant_name=name, applicant_email=b.email(name, days_ago),
                           applicant_address="смт Слобожанське, вул. Центральна, 5", created_by=admin)
        if not answer:
            continue
        executor = executors.get(category.department.short_name if category.department else "", admin)
        case = draft.case
        assigned_at = b.working_moment(received_at + timedelta(hours=3))
        answered_at = b.working_moment(received_at + (b.end_of(case) - received_at) * 0.5)
        case.status, case.executor, case.resolution, case.resolution_due = (CaseStatus.ANSWERED, executor,
                                                                           "Розглянути та відповісти.", case.due_date)
        case.outcome = CaseOutcome.PROVIDED if kind == INFO_REQUEST else CaseOutcome.SATISFIED
        case.answer_text, case.answered_by, case.signed_by, case.answered_at = answer, executor, admin, answered_at
        draft.executor = (executor, case.department, case.due_date, admin, assigned_at, answered_at)
        draft.event(Event.ASSIGNED, admin, assigned_at, note=f"{case.department.name}: {executor.full_name}",
                    data={"department": case.department_id, "executors": [executor.pk]}, public=False)
        draft.event(Event.ANSWER_DRAFTED, executor, answered_at - timedelta(hours=2),
                    data={"outcome": case.outcome}, public=False)
        draft.event(Event.ANSWERED, admin, answered_at, data={"outcome": case.outcome, "late": False})
    return _save(b)


# --- writing ---------------------------------------------------------------------------------------------------


@contextmanager
def _keeping_times():
    """Insert the demo's past moments of registration and assignment instead of «now» (``auto_now_add``).

    Cheaper than a bulk update of a thousand rows afterwards; the seed runs in one thread, inside its transaction.
    """
    fields = [Case._meta.get_field("created_at"), CaseExecutor._meta.get_field("assigned_at")]
    for model_field in fields:
        model_field.auto_now_add = False
    try:
        yield
    finally:
        for model_field in fields:
            model_field.auto_now_add = True


def _save(b: Builder) -> int:
    """Number the cases per series and year in order of receipt, insert everything, move the counters on."""
    drafts = sorted(b.drafts, key=lambda d: d.case.received_at)
    for kind in {d.case.kind for d in drafts}:
        pattern = get_setting(b.hromada, kinds.get(kind).number_setting)
        counters = {c.year: c for c in CaseCounter.objects.filter(hromada=b.hromada, series=kind)}
        last: dict[int, int] = {year: c.last for year, c in counters.items()}
        for draft in drafts:
            case = draft.case
            if case.kind != kind:
                continue
            last[case.year] = last.get(case.year, 0) + 1
            case.seq = last[case.year]
            case.number = pattern.format(year=case.year, seq=case.seq)
        for year, value in last.items():
            CaseCounter.objects.update_or_create(hromada=b.hromada, series=kind, year=year,
                                                 defaults={"last": value})
    with _keeping_times():
        cases = Case.objects.bulk_create([d.case for d in drafts], batch_size=500)
    for draft in drafts:
        if draft.repeat_of is not None:
            Case.objects.filter(pk=draft.case.pk).update(repeat_of=draft.repeat_of.case)
    events, executors = [], []
    for draft in drafts:
        for kind, actor, at, note, payload, public in sorted(draft.events, key=lambda row: row[2]):
            events.append(CaseEvent(case=draft.case, kind=kind, actor=actor, at=at, note=note, data=payload,
                                    public=public))
        if draft.executor is not None:
            user, department, due, by, assigned_at, done_at = draft.executor
            executors.append(CaseExecutor(case=draft.case, user=user, department=department, main=True,
                                          due_date=due, assigned_by=by, assigned_at=assigned_at, done_at=done_at,
                                          report="" if done_at is None else "Виконано, відповідь надано."))
        if draft.call is not None:
            draft.call.case = draft.case
    CaseEvent.objects.bulk_create(events, batch_size=1000)
    with _keeping_times():
        CaseExecutor.objects.bulk_create(executors, batch_size=500)
    HotlineCall.objects.bulk_create(sorted(b.calls, key=lambda call: call.received_at), batch_size=500)
    return len(cases)


def seed(report) -> None:
    now = timezone.now()
    created = {}
    mohyliv = Hromada.objects.filter(katottg=MOHYLIV).first()
    if mohyliv is not None:
        categories = _categories(mohyliv, data.CATEGORIES, report)
        if not Case.objects.filter(hromada=mohyliv).exists():
            b = Builder(mohyliv, now, random.Random(2))  # noqa: S311 - demo data, not secrets
            if b.registrar is not None:
                _appeals(b, categories)
                _hotline(b, categories)
                _info_requests(b)
                _first_resident(b, categories)
                created["cases"] = _save(b)
                created["hotline calls"] = len(b.calls)
    slobozhanska = Hromada.objects.filter(katottg=SLOBOZHANSKA).first()
    if slobozhanska is not None:
        created["cases"] = created.get("cases", 0) + _slobozhanska(slobozhanska, now, report)
    for label, count in created.items():
        if count:
            report.created[label] = report.created.get(label, 0) + count
