"""The public responsiveness figures of appeals, hotline cases and information requests as live open data
(core.datasets; 835: all-005, reports including on the satisfaction of information requests).

Per month of receipt and kind of case, the figures the public page /appeals/figures/ shows (core.cases.figures:
received, answered, on time, median and 95th-percentile times in calendar and working days), counted the same
way, plus how many were satisfied, refused and forwarded. Counts and times only: no applicant, subject or text.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from decimal import Decimal
from itertools import groupby
from operator import itemgetter

from django.conf import settings
from django.db.models import Count, Max, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from hromada.appeals.case_kinds import APPEAL, HOTLINE, INFO_REQUEST
from hromada.core.cases import clock
from hromada.core.cases import kinds as case_kinds
from hromada.core.cases.figures import Cell, median, percentile
from hromada.core.datasets import Field, LiveDataset, LiveResource, register
from hromada.core.deadlines import calendar_for
from hromada.core.metrics import share
from hromada.core.models import Case, CaseOutcome

CHUNK = 5000
KINDS = (APPEAL, HOTLINE, INFO_REQUEST)  # as views_figures.KINDS
SATISFIED = (CaseOutcome.SATISFIED, CaseOutcome.PROVIDED)
REFUSED = (CaseOutcome.REJECTED, CaseOutcome.REFUSED)


def _cases(hromada):
    return Case.objects.filter(hromada=hromada, kind__in=KINDS).order_by()


def _year_month(value) -> tuple[int, int]:
    """The (year, month) of a TruncMonth value, as core.cases.figures reads it on either database."""
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return value.year, value.month
    if isinstance(value, date):
        return value.year, value.month
    return int(str(value)[:4]), int(str(value)[5:7])  # a backend returning text


def _number(value) -> Decimal | None:
    # A median of whole days is whole or a half: exact as a Decimal.
    return None if value is None else Decimal(str(value))


def figure_rows(hromada):
    with translation.override(settings.LANGUAGE_CODE):
        titles = {key: str(case_kinds.get(key).label) for key in KINDS if key in case_kinds.REGISTRY}
    zone = timezone.get_default_timezone()
    # What came in: one row per month and kind (a few hundred at most), the outcomes counted alongside.
    counts = {}
    grouped = (_cases(hromada).annotate(month=TruncMonth("received_at", tzinfo=zone)).values("month", "kind")
               .annotate(received=Count("pk"), satisfied=Count("pk", filter=Q(outcome__in=SATISFIED)),
                         refused=Count("pk", filter=Q(outcome__in=REFUSED)),
                         forwarded=Count("pk", filter=Q(outcome=CaseOutcome.FORWARDED)))
               .values_list("month", "kind", "received", "satisfied", "refused", "forwarded"))
    for month, kind, *figures in grouped:
        counts[(*_year_month(month), kind)] = figures
    keys = sorted(counts)

    def line(key, cell: Cell | None):
        year, month, kind = key
        received, satisfied, refused, forwarded = counts[key]
        cell = cell or Cell()
        answered = len(cell.days)
        return (year, month, kind, titles.get(kind, kind), received, answered, cell.on_time, answered - cell.on_time,
                satisfied, refused, forwarded, share(cell.on_time, answered) if answered else None,
                _number(median(cell.days)), percentile(cell.days, 0.95), _number(median(cell.working_days)),
                percentile(cell.working_days, 0.95))

    # The answered cases' times, in order of receipt, so that each month's percentiles need only that month.
    calendar = calendar_for(hromada)

    def timed():
        rows = (_cases(hromada).filter(answered_at__isnull=False).order_by("received_at", "pk")
                .values_list("kind", "received_at", "answered_at", "due_date", "due_at").iterator(chunk_size=CHUNK))
        for kind, received_at, answered_at, due_date, due_at in rows:
            start, end = timezone.localdate(received_at), timezone.localdate(answered_at)
            yield ((start.year, start.month), kind, (end - start).days, calendar.working_days_between(start, end),
                   not clock.late(answered_at, due_date, due_at))

    position = 0
    for month, group in groupby(timed(), key=itemgetter(0)):
        cells: dict[str, Cell] = defaultdict(Cell)
        for _month, kind, days, working_days, on_time in group:
            cell = cells[kind]
            cell.days.append(days)
            cell.working_days.append(working_days)
            cell.on_time += on_time
        while position < len(keys) and keys[position][:2] <= month:
            key = keys[position]
            yield line(key, cells.get(key[2]) if key[:2] == month else None)
            position += 1
    for key in keys[position:]:
        yield line(key, None)


def figures_changed_at(hromada):
    return _cases(hromada).aggregate(at=Max("updated_at"))["at"]


register(LiveDataset(
    key="appeals.figures",
    title=_("Звіти про розгляд звернень громадян і задоволення запитів на інформацію"),
    description=_(
        "Щомісячні зведені показники розгляду звернень громадян, звернень на гарячу лінію та запитів на "
        "публічну інформацію за місяцем надходження: скільки надійшло, скільки розглянуто, з них вчасно і з "
        "порушенням строку, скільки задоволено, відмовлено й переслано за належністю, медіанний строк і 95-й "
        "процентиль строку відповіді в календарних і робочих днях. Лише кількості й строки: відомості про "
        "заявників, зміст звернень і відповідей не оприлюднюються."),
    resources=(LiveResource(
        key="figures",
        title=_("Показники розгляду за місяцями"),
        description=_("Рядок на кожен місяць надходження і вид звернення, у якому щось надійшло."),
        fields=(
            Field("year", _("Рік надходження"), "year", required=True),
            Field("month", _("Місяць надходження"), "integer", required=True,
                  constraints={"minimum": 1, "maximum": 12}),
            Field("kind", _("Вид (код)"), required=True,
                  description=_("appeal — звернення, hotline — звернення на гарячу лінію, info_request — запит на "
                                "публічну інформацію.")),
            Field("kindTitle", _("Вид"), required=True),
            Field("received", _("Надійшло"), "integer", required=True),
            Field("answered", _("Розглянуто (надано відповідь)"), "integer", required=True),
            Field("answeredOnTime", _("Розглянуто вчасно"), "integer", required=True),
            Field("answeredLate", _("Розглянуто з порушенням строку"), "integer", required=True),
            Field("satisfied", _("Задоволено (надано інформацію)"), "integer", required=True),
            Field("refused", _("Відмовлено"), "integer", required=True),
            Field("forwarded", _("Переслано за належністю"), "integer", required=True),
            Field("onTimePercent", _("Частка розглянутих вчасно, %"), "number"),
            Field("medianDays", _("Медіанний строк відповіді, календарних днів"), "number"),
            Field("p95Days", _("95-й процентиль строку відповіді, календарних днів"), "integer"),
            Field("medianWorkingDays", _("Медіанний строк відповіді, робочих днів"), "number"),
            Field("p95WorkingDays", _("95-й процентиль строку відповіді, робочих днів"), "integer"),
        ),
        primary_key=("year", "month", "kind"),
        rows=figure_rows,
        changed_at=figures_changed_at,
    ),),
    frequency="monthly",
    obligation="all-005",
    keywords=(_("звернення громадян"), _("запити на інформацію"), _("гаряча лінія"), _("звіти"),
              _("строки розгляду")),
    topic="derzhava",
    basis=_("ЗУ «Про звернення громадян» від 02.10.1996 № 393/96-ВР; ст. 15 ЗУ «Про доступ до публічної "
            "інформації» від 13.01.2011 № 2939-VI; Постанова КМУ від 21.10.2015 № 835"),
    purpose=_("Звітування про розгляд звернень громадян і задоволення запитів на публічну інформацію"),
))
