"""What is due on cases for a member of staff: the staff home's worklist (``hromada.core.worklist``).

An executor sees the open cases they hold (as the main executor or a co-executor), a department head the
open cases of the unit, and a registrar or an administrator every open case of the hromada that is overdue,
due today or due within two working days (all the open ones would drown the list). The deadline is the case's
own (``clock.py`` set it at registration); the state comes from the engine's ``is_overdue``.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hromada.core import worklist
from hromada.core.cases import clock, kinds, notices, services
from hromada.core.models import Case, CaseExecutor, RoleAssignment
from hromada.core.models.cases import OPEN_STATUSES
from hromada.core.roles import Role

OVERDUE, TODAY, SOON, OPEN = "cases.overdue", "cases.today", "cases.soon", "cases.open"
PLACEHOLDER = 987654321  # a pk the staff URL is resolved with once, then replaced per case
KIND_OF_STATE = {worklist.OVERDUE: OVERDUE, worklist.TODAY: TODAY, worklist.SOON: SOON, worklist.OPEN: OPEN}

worklist.register_kind(OVERDUE, gettext_lazy("Appeals: overdue"), order=10)
worklist.register_kind(TODAY, gettext_lazy("Appeals: due today"), order=11)
worklist.register_kind(SOON, gettext_lazy("Appeals: due within 2 working days"), order=12)
worklist.register_kind(OPEN, gettext_lazy("Appeals: in progress"), order=13)


def soon_limit(calendar, today: date) -> date:
    """The last day still «within two working days» of ``today``: the day before the third working day after it
    (a due date on a Saturday after a Thursday counts as two working days away, as the page counts it)."""
    return calendar.add_working_days(today, clock.SOON_WORKING_DAYS + 1) - timedelta(days=1)


def state(case: Case, today: date, now, calendar) -> str:
    if services.is_overdue(case, now):
        return worklist.OVERDUE
    if case.due_date == today:
        return worklist.TODAY
    if clock.working_days_left(calendar, today, case.due_date) <= clock.SOON_WORKING_DAYS:
        return worklist.SOON
    return worklist.OPEN


def title(case: Case) -> str:
    marks = [str(mark) for flag, mark in ((case.urgent, _("urgent")), (case.priority, _("priority"))) if flag]
    text = f"№ {case.number} «{case.subject}»"
    return f"{text} — {', '.join(marks)}" if marks else text


def detail(case: Case) -> str:
    spec = kinds.REGISTRY.get(case.kind)
    parts = [str(spec.label) if spec else case.kind]
    if case.due_at is not None:
        parts.append(_("due by %(time)s") % {"time": timezone.localtime(case.due_at).strftime("%H:%M")})
    if case.executor_id:
        parts.append(case.executor.full_name or case.executor.login)
    return "; ".join(parts)


def item(case: Case, today: date, now, calendar, url: str) -> worklist.Item:
    current = state(case, today, now, calendar)
    return worklist.Item(
        kind=KIND_OF_STATE[current], title=title(case), deadline=case.due_date,
        url=url.replace(str(PLACEHOLDER), str(case.pk), 1) if url else "",
        basis=case.term_basis, state=current, working_days=case.term_unit == "working_days",
        unit=case.department.name if case.department_id else "", detail=detail(case),
    )


def scope(ctx: worklist.Context) -> Q:
    """Which open cases are the person's: one condition, so the provider reads them in one query."""
    user = ctx.user
    mine = Q(executor=user) | Q(pk__in=CaseExecutor.objects.filter(user=user, done_at__isnull=True,
                                                                    case__hromada=ctx.hromada).values("case_id"))
    if Role.DEPARTMENT_HEAD in ctx.roles:
        mine |= Q(department_id__in=RoleAssignment.objects.filter(
            user=user, hromada=ctx.hromada, role=Role.DEPARTMENT_HEAD).values("department_id"))
    if ctx.can("cases.view_all"):
        mine |= Q(due_date__lte=soon_limit(ctx.calendar, ctx.today))
    return mine


@worklist.provider("cases.due", capability="cases.handle")
def due_cases(ctx: worklist.Context) -> list[worklist.Item]:
    now, today = timezone.now(), ctx.today
    rows = list(Case.objects.filter(hromada=ctx.hromada, status__in=OPEN_STATUSES).filter(scope(ctx))
                .select_related("department", "executor").order_by("due_date", "id"))
    if not rows:
        return []  # the calendar is read only when there is a distance to count
    # The staff page's address resolved once (a reverse per row costs more than the rest of the item).
    url = notices.staff_url(Case(pk=PLACEHOLDER))
    return [item(case, today, now, ctx.calendar, url) for case in rows]
