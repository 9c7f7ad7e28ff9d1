"""Deadline reminders and escalation of cases (the scheduled jobs of ``tasks.py`` call these).

Daily: two working days before the due date and on the day, the main executor is reminded (the unit's head when
no one is assigned yet; the registrars when no unit is either); an overdue case is escalated every day to the
unit's head, the executive head (the hromada's administrators) and the case registrars, and its executor is
reminded. Hourly, for cases with a term in hours: a reminder four hours before the hour, an escalation once the
hour has passed. Every notice goes through ``notify`` with a dedupe key, so a job run twice on a day sends each
notice once; each notice sent leaves a staff-only event on the case's timeline.

The queries do not grow with the number of cases: the candidates of a hromada in one query, its staff by role in
another, the events in one bulk insert (``notify`` itself costs a few per notice sent).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.core.cases import clock, notices, services
from hromada.core.deadlines import calendar_for
from hromada.core.models import Case, CaseEvent, Hromada, RoleAssignment
from hromada.core.models.cases import OPEN_STATUSES
from hromada.core.notifications import notify
from hromada.core.roles import Role

D2, D0, OVERDUE, HOURS, PASSED = "d2", "d0", "overdue", "hours", "passed"
HOURS_BEFORE = 4
# A term in hours passed longer ago than this is left to the daily escalation (keeps the hourly query small).
PASSED_WINDOW = timedelta(days=2)


@dataclass
class Staff:
    """The people of one hromada the reminders go to, read in one query."""

    heads: dict[int, list] = field(default_factory=lambda: defaultdict(list))
    admins: list = field(default_factory=list)
    registrars: list = field(default_factory=list)

    @classmethod
    def of(cls, hromada) -> Staff:
        staff = cls()
        rows = (RoleAssignment.objects.filter(hromada=hromada, user__is_active=True, role__in=(
            Role.DEPARTMENT_HEAD, Role.HROMADA_ADMIN, Role.CASE_REGISTRAR)).select_related("user").order_by("id"))
        for row in rows:
            if row.role == Role.DEPARTMENT_HEAD and row.department_id:
                staff.heads[row.department_id].append(row.user)
            elif row.role == Role.HROMADA_ADMIN:
                staff.admins.append(row.user)
            elif row.role == Role.CASE_REGISTRAR:
                staff.registrars.append(row.user)
        return staff

    def responsible(self, case: Case) -> list:
        """Who acts on the case now: its main executor, else the unit's head, else the registrars."""
        if case.executor_id and case.executor.is_active:
            return [case.executor]
        if case.department_id and self.heads.get(case.department_id):
            return self.heads[case.department_id]
        return self.registrars

    def escalation(self, case: Case) -> list:
        """The unit's head, the executive head and the registrars, each once, without the executor."""
        people, seen = [], {case.executor_id}
        for user in [*self.heads.get(case.department_id, []), *self.admins, *self.registrars]:
            if user.pk not in seen:
                seen.add(user.pk)
                people.append(user)
        return people


def _message(case: Case, what: str) -> str:
    params = {"number": case.number, "subject": case.subject, "due": services.format_due(case)}
    return {
        D2: _("Due in 2 working days: № %(number)s «%(subject)s», due %(due)s"),
        D0: _("Due today: № %(number)s «%(subject)s», due %(due)s"),
        OVERDUE: _("Overdue: № %(number)s «%(subject)s», was due %(due)s"),
        HOURS: _("Due within %(hours)s hours: № %(number)s «%(subject)s», due %(due)s"),
        PASSED: _("Term passed: № %(number)s «%(subject)s», was due %(due)s"),
    }[what] % {**params, "hours": HOURS_BEFORE}


def _send(case: Case, people: list, what: str, key: str, event_kind: str, events: list) -> int:
    subject = _message(case, what)
    sent = 0
    for user in people:
        notice = notify(user, notices.DEADLINES.key, hromada=case.hromada, subject=subject, body=subject,
                        url=notices.staff_url(case), dedupe_key=f"case:{case.pk}:{key}")
        if notice is None:
            continue
        sent += 1
        events.append(CaseEvent(case=case, kind=event_kind, at=timezone.now(), public=False,
                                note=user.full_name or user.login, data={"what": what, "to": user.pk}))
    return sent


def _hromadas(rows) -> list[Hromada]:
    return list(Hromada.objects.filter(pk__in=rows.order_by().values("hromada_id").distinct()))


def send_daily(hromada=None, *, today: date | None = None, now: datetime | None = None) -> int:
    """The day's D-2, D-0 and overdue notices for one hromada, or all; the number of notices sent."""
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    candidates = Case.objects.filter(status__in=OPEN_STATUSES)
    hromadas = [hromada] if hromada is not None else _hromadas(candidates)
    sent = 0
    for place in hromadas:
        calendar = calendar_for(place)
        two_days = calendar.add_working_days(today, clock.SOON_WORKING_DAYS)
        rows = (candidates.filter(hromada=place).filter(Q(due_date__lte=today) | Q(due_date=two_days))
                .select_related("hromada", "executor", "department").order_by("due_date", "id"))
        staff, events = None, []
        for case in rows:
            staff = staff or Staff.of(place)
            if services.is_overdue(case, now):
                day = today.isoformat()
                sent += _send(case, staff.responsible(case) if case.executor_id else [], OVERDUE,
                              f"{OVERDUE}:{day}", CaseEvent.Kind.REMINDED, events)
                sent += _send(case, staff.escalation(case), OVERDUE, f"{OVERDUE}:{day}", CaseEvent.Kind.ESCALATED,
                              events)
            elif case.due_date == today:
                sent += _send(case, staff.responsible(case), D0, f"{D0}:{case.due_date}", CaseEvent.Kind.REMINDED,
                              events)
            elif case.due_date == two_days:
                sent += _send(case, staff.responsible(case), D2, f"{D2}:{case.due_date}", CaseEvent.Kind.REMINDED,
                              events)
        CaseEvent.objects.bulk_create(events)
    return sent


def send_hourly(hromada=None, *, now: datetime | None = None) -> int:
    """Cases with a term in hours: a reminder 4 hours before the hour, an escalation once it has passed."""
    now = now or timezone.now()
    candidates = Case.objects.filter(status__in=OPEN_STATUSES, due_at__isnull=False,
                                     due_at__lte=now + timedelta(hours=HOURS_BEFORE), due_at__gt=now - PASSED_WINDOW)
    hromadas = [hromada] if hromada is not None else _hromadas(candidates)
    sent = 0
    for place in hromadas:
        rows = candidates.filter(hromada=place).select_related("hromada", "executor", "department").order_by(
            "due_at", "id")
        staff, events = None, []
        for case in rows:
            staff = staff or Staff.of(place)
            moment = case.due_at.isoformat()
            if case.due_at < now:
                if case.executor_id:
                    sent += _send(case, staff.responsible(case), PASSED, f"{PASSED}:{moment}",
                                  CaseEvent.Kind.REMINDED, events)
                sent += _send(case, staff.escalation(case), PASSED, f"{PASSED}:{moment}", CaseEvent.Kind.ESCALATED,
                              events)
            else:
                sent += _send(case, staff.responsible(case), HOURS, f"{HOURS}:{moment}", CaseEvent.Kind.REMINDED,
                              events)
        CaseEvent.objects.bulk_create(events)
    return sent
