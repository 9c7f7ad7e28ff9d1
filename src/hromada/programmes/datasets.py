"""Open data of the programmes app (core.datasets): the list of programmes (835: mun-050) and the informatization
programme's Annex 1 tasks and Annex 2 indicators.

Only programmes residents can see are published: those approved at least once (``Programme.is_public``). The
tasks and indicators are the live rows, as the public programme page shows its progress and indicator charts
from them; nothing about the staff who report (unit reports, comments, who approved) is published.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal
from itertools import islice

from django.apps import apps
from django.db.models import Max, Prefetch, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hromada.core.collation import uk
from hromada.core.core_datasets import labels, last_logged_change, latest, text
from hromada.core.datasets import Field, LiveDataset, LiveResource, register
from hromada.core.models import Department
from hromada.core.notifications.service import site_root
from hromada.programmes.models import (
    Indicator,
    IndicatorYear,
    Programme,
    Source,
    Task,
    UnitReport,
)
from hromada.programmes.selectors import _DECISION_NUMBER

CHUNK = 2000
ZERO = Decimal(0)


def _chunks(rows: Iterable, size: int) -> Iterator[list]:
    rows = iter(rows)
    while chunk := list(islice(rows, size)):
        yield chunk


def public_programmes(hromada):
    return Programme.objects.filter(hromada=hromada, version__gt=0)


def available(hromada) -> bool:
    return Programme.objects.filter(hromada=hromada).exists()


# --- programmes (mun-050) ----------------------------------------------------------------------------------


def _decision_key(decision: str, decided_on) -> tuple[str, object] | None:
    """The registry's lookup key of the decision's number with its date, as ``selectors.approving_act`` finds it."""
    match = _DECISION_NUMBER.search(decision or "")
    if not match or decided_on is None or not apps.is_installed("hromada.acts"):
        return None
    from hromada.acts.numbers import number_key

    key = number_key(match.group(1).rstrip("."))
    return (key, decided_on) if key else None


def _approving_acts(hromada, keys):
    """The public acts of the registry with any of these (number key, date): one query for many programmes."""
    keys = {key for key in keys if key is not None}
    if not keys:
        return None
    from hromada.acts.models import ActType
    from hromada.acts.selectors import acts

    match = Q()
    for number_key, on in sorted(keys):
        match |= Q(number_key=number_key, date=on)
    return acts(hromada, public=True).filter(match).exclude(type=ActType.DRAFT_DECISION).order_by("pk")


def programme_rows(hromada):
    root = site_root(hromada)
    statuses = labels(Programme.Status.choices)
    rows = (public_programmes(hromada).order_by("-start_year", uk("title"), "pk")
            .values_list("pk", "title", "goal", "start_year", "end_year", "status", "version", "approval_decision",
                         "approval_date").iterator(chunk_size=CHUNK))
    for chunk in _chunks(rows, CHUNK):
        keys = {row[0]: _decision_key(row[7], row[8]) for row in chunk}
        found = _approving_acts(hromada, keys.values())
        act_of: dict = {}
        for pk, number_key, on in (found.values_list("pk", "number_key", "date") if found is not None else ()):
            act_of.setdefault((number_key, on), pk)
        for pk, title, goal, start, end, status, version, decision, decided_on in chunk:
            match = _DECISION_NUMBER.search(decision or "")
            act = act_of.get(keys[pk])
            yield (pk, title, text(goal), start, end, statuses.get(status, status), version, text(decision),
                   match.group(1).rstrip(".") if match else None, decided_on,
                   root + reverse("acts_public:detail", args=[act]) if act else None,
                   root + reverse("programmes_public:detail", args=[pk]),
                   root + reverse("programmes_public:document", args=[pk]))


def programmes_changed_at(hromada):
    rows = list(public_programmes(hromada).values_list("approval_decision", "approval_date", "updated_at"))
    if not rows:
        return None
    # A programme's link to its decision appears when the act is entered into (or published in) the registry.
    found = _approving_acts(hromada, [_decision_key(decision, on) for decision, on, _at in rows])
    acts = found.aggregate(changed=Max("updated_at"), published=Max("published_at")) if found is not None else {}
    return latest(max(at for *_rest, at in rows), acts.get("changed"), acts.get("published"))


PROGRAMMES = LiveResource(
    key="programmes",
    title=_("Цільові програми громади"),
    description=_("Програми, затверджені хоча б раз, з рішенням про затвердження і посиланнями на їхні сторінки "
                  "та документи на порталі громади."),
    fields=(
        Field("id", _("Ідентифікатор програми"), "integer", required=True),
        Field("title", _("Назва програми"), required=True),
        Field("goal", _("Мета програми")),
        Field("startYear", _("Рік початку"), "year", required=True),
        Field("endYear", _("Рік завершення"), "year", required=True),
        Field("status", _("Стан програми"), required=True),
        Field("approvedVersion", _("Номер чинної затвердженої редакції"), "integer",
              _("Скільки разів програму затверджено (з урахуванням змін).")),
        Field("approvalDecision", _("Рішення про затвердження"), description=_("Як зазначено в програмі.")),
        Field("approvalNumber", _("Номер рішення про затвердження")),
        Field("approvalDate", _("Дата рішення про затвердження"), "date"),
        Field("approvalActUrl", _("Рішення в реєстрі актів"),
              description=_("Посилання на рішення в реєстрі актів громади, якщо воно там є.")),
        Field("url", _("Сторінка програми на порталі"), required=True),
        Field("documentUrl", _("Текст програми (DOCX) в останній затвердженій редакції"), required=True),
    ),
    primary_key=("id",),
    rows=programme_rows,
    changed_at=programmes_changed_at,
)

register(LiveDataset(
    key="programmes.programmes",
    title=_("Перелік цільових програм громади"),
    description=_(
        "Цільові програми громади (програми інформатизації), які пройшли затвердження: назва, мета, строк дії, "
        "стан виконання, реквізити рішення про затвердження, посилання на сторінку програми та її текст в "
        "останній затвердженій редакції на порталі громади. Чернетки, які ще не затверджувались, не "
        "оприлюднюються; імена відповідальних осіб і службові дані не включено."),
    resources=(PROGRAMMES,),
    frequency="on_change",
    obligation="mun-050",
    keywords=(_("цільові програми"), _("програма інформатизації"), _("місцеві програми"), _("рішення ради")),
    topic="rehionalnyi-rozvytok",
    basis=_("ст. 26 Закону України «Про місцеве самоврядування в Україні»; Закон України «Про Національну "
            "програму інформатизації» від 01.12.2022 № 2807-IX; Постанова КМУ від 21.10.2015 № 835"),
    purpose=_("Інформування мешканців про програми громади, строки та хід їх виконання, громадський контроль"),
    available=available,
))


# --- tasks and indicators of the informatization programme -------------------------------------------------


def task_rows(hromada):
    statuses = labels(Task.Status.choices)
    rows = (Task.objects.filter(programme__in=public_programmes(hromada))
            .select_related("direction")
            .prefetch_related(Prefetch("departments", queryset=Department.objects.order_by(uk("name"), "pk")),
                              "financing")
            .order_by("programme_id", "direction__order", "direction_id", "order", "pk"))
    for task in rows.iterator(chunk_size=CHUNK):
        planned = {Source.LOCAL: ZERO, Source.OTHER: ZERO}
        for row in task.financing.all():
            planned[row.source] = planned.get(row.source, ZERO) + row.planned
        yield (task.pk, task.programme_id, task.direction.name, task.name, text(task.project),
               text("; ".join(d.name for d in task.departments.all())), task.start_date, task.end_date,
               planned[Source.LOCAL], planned[Source.OTHER], planned[Source.LOCAL] + planned[Source.OTHER],
               text(task.expected_result), statuses.get(task.status, task.status), task.percent_done)


def _progress_changed_at(hromada):
    """Submitted unit reports set the tasks' status and percentage (``monitoring._apply``)."""
    return UnitReport.objects.filter(period__programme__in=public_programmes(hromada)).aggregate(
        at=Max("updated_at"))["at"]


def tasks_changed_at(hromada):
    if not public_programmes(hromada).exists():
        return None
    return latest(public_programmes(hromada).aggregate(at=Max("updated_at"))["at"], _progress_changed_at(hromada),
                   last_logged_change(hromada, "programmes.task", "programmes.direction", "core.department"))


def _latest_of(years: list[IndicatorYear], field: str):
    with_value = [y for y in years if getattr(y, field) is not None]
    return max(with_value, key=lambda y: y.year) if with_value else None


def indicator_rows(hromada):
    rows = (Indicator.objects.filter(programme__in=public_programmes(hromada))
            .select_related("direction")
            .prefetch_related(Prefetch("years", queryset=IndicatorYear.objects.order_by("year")))
            .order_by("programme_id", "order", "pk"))
    for indicator in rows.iterator(chunk_size=CHUNK):
        years = list(indicator.years.all())
        target, actual = _latest_of(years, "target"), _latest_of(years, "actual")
        yield (indicator.pk, indicator.programme_id, indicator.direction.name if indicator.direction_id else None,
               indicator.name, indicator.unit, indicator.baseline_value, indicator.baseline_year,
               target.target if target else None, target.year if target else None,
               actual.actual if actual else None, actual.year if actual else None,
               actual.actual_as_of if actual else None, text(actual.actual_source) if actual else None,
               text(indicator.data_source), text(indicator.metric_key))


def indicators_changed_at(hromada):
    if not public_programmes(hromada).exists():
        return None
    # Actual values come from record_actual (logged on the indicator) and snapshots (logged on the period).
    return latest(public_programmes(hromada).aggregate(at=Max("updated_at"))["at"],
                   last_logged_change(hromada, "programmes.indicator", "programmes.monitoringperiod",
                                     "programmes.direction"))


TASKS = LiveResource(
    key="tasks",
    title=_("Завдання та проєкти програми інформатизації (додаток 1)"),
    description=_("Завдання, проєкти й роботи програм, з відповідальними підрозділами, строками, плановим "
                  "фінансуванням за джерелами (тис. грн) і станом виконання."),
    fields=(
        Field("id", _("Ідентифікатор завдання"), "integer", required=True),
        Field("programmeId", _("Ідентифікатор програми"), "integer", required=True),
        Field("direction", _("Пріоритетний напрям"), required=True),
        Field("name", _("Завдання"), required=True),
        Field("project", _("Проєкт або роботи")),
        Field("responsibleUnits", _("Відповідальні структурні підрозділи"),
              description=_("Назви підрозділів через крапку з комою.")),
        Field("startDate", _("Початок виконання"), "date", required=True),
        Field("endDate", _("Завершення виконання"), "date", required=True),
        Field("plannedLocalBudget", _("Планове фінансування з місцевого бюджету, тис. грн"), "number",
              _("За всі роки виконання завдання."), required=True),
        Field("plannedOtherSources", _("Планове фінансування з інших джерел, тис. грн"), "number",
              _("За всі роки виконання завдання."), required=True),
        Field("plannedTotal", _("Планове фінансування, усього, тис. грн"), "number", required=True),
        Field("expectedResult", _("Очікуваний результат")),
        Field("status", _("Стан виконання"), required=True),
        Field("percentDone", _("Виконано, %"), "integer", required=True,
              constraints={"minimum": 0, "maximum": 100}),
    ),
    primary_key=("id",),
    rows=task_rows,
    changed_at=tasks_changed_at,
)

INDICATORS = LiveResource(
    key="indicators",
    title=_("Показники програми інформатизації (додаток 2)"),
    description=_("Показники програм: базове, цільове й останнє фактичне значення з датою і джерелом; для "
                  "показників, що обчислює платформа, — ключ метрики."),
    fields=(
        Field("id", _("Ідентифікатор показника"), "integer", required=True),
        Field("programmeId", _("Ідентифікатор програми"), "integer", required=True),
        Field("direction", _("Пріоритетний напрям")),
        Field("name", _("Показник"), required=True),
        Field("unit", _("Одиниця виміру"), required=True),
        Field("baselineValue", _("Базове значення"), "number"),
        Field("baselineYear", _("Рік базового значення"), "year"),
        Field("targetValue", _("Цільове значення"), "number",
              _("Ціль на останній рік строку програми, для якого її встановлено.")),
        Field("targetYear", _("Рік цільового значення"), "year"),
        Field("latestValue", _("Останнє фактичне значення"), "number"),
        Field("latestYear", _("Рік останнього фактичного значення"), "year"),
        Field("latestDate", _("Дата, станом на яку визначено останнє значення"), "date"),
        Field("latestSource", _("Джерело останнього значення")),
        Field("dataSource", _("Джерело даних показника")),
        Field("metricKey", _("Ключ метрики платформи"),
              description=_("Заповнено, якщо значення обчислює платформа; порожньо, якщо його вносять вручну.")),
    ),
    primary_key=("id",),
    rows=indicator_rows,
    changed_at=indicators_changed_at,
)

register(LiveDataset(
    key="programmes.tasks",
    title=_("Завдання та показники програми інформатизації громади"),
    description=_(
        "Завдання, проєкти й роботи затверджених програм інформатизації громади (додаток 1) з відповідальними "
        "підрозділами, строками, плановим фінансуванням за джерелами і станом виконання, а також показники "
        "(додаток 2) з базовими, цільовими та фактичними значеннями. Звіти підрозділів, коментарі та відомості "
        "про працівників не оприлюднюються; чернетки програм, що ще не затверджувались, не включено."),
    resources=(TASKS, INDICATORS),
    frequency="quarterly",
    keywords=(_("програма інформатизації"), _("цифрова трансформація"), _("показники"), _("моніторинг")),
    topic="rehionalnyi-rozvytok",
    basis=_("Закон України «Про Національну програму інформатизації» від 01.12.2022 № 2807-IX; ст. 15 Закону "
            "України «Про доступ до публічної інформації»"),
    purpose=_("Громадський контроль виконання програми інформатизації: що заплановано, скільки коштує і чого "
              "досягнуто"),
    available=available,
))
