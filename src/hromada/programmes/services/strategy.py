"""IT strategy (seed 002) and action plans (seed 003): tenant-scoped reads, progress, and every write.

Writes validate first and raise a ValidationError keyed by field, so a form shows the message beside the
field and nothing is saved (house rules 1 and 7); each change is written to the audit log with its
difference. Strategy parts (directions, goals, results, steps, SWOT) and plan parts (measures, key
indicators) carry no hromada of their own: every read and write reaches it through the parent, and a part
of another hromada's strategy is a 404 (house rule 2).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import MaxValueValidator
from django.db import IntegrityError, models, transaction
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from hromada.core import audit
from hromada.core.collation import uk, uk_sort_key
from hromada.core.exports import cell
from hromada.core.metrics import REGISTRY as METRICS
from hromada.core.models import AuditEntry, Department
from hromada.core.selectors import scoped
from hromada.core.services import check_can
from hromada.programmes.models import (
    ActionPlan,
    ActionStep,
    PlanIndicator,
    PlanMeasure,
    StrategicDirection,
    StrategicGoal,
    Strategy,
    StrategyResult,
    SwotItem,
)
from hromada.programmes.progress import share_of_way

MANAGE = "strategy.manage"
VIEW = "programmes.view"
ZERO, HUNDRED = Decimal(0), Decimal(100)
ONE_PLACE = Decimal("0.1")
SMALL_MAX = 32767  # PositiveSmallIntegerField on every database


# --- reads ------------------------------------------------------------------------------------------------


def _get(queryset: QuerySet, pk):
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def strategies(hromada) -> QuerySet[Strategy]:
    return scoped(Strategy, hromada).annotate(
        direction_count=Count("directions", distinct=True),
        result_count=Count("directions__goals__results", distinct=True),
    ).order_by("-start_year", uk("title"), "pk")


def strategy(hromada, pk) -> Strategy:
    return _get(scoped(Strategy, hromada), pk)


def public_strategies(hromada) -> QuerySet[Strategy]:
    return strategies(hromada).filter(is_published=True)


def public_strategy(hromada, pk) -> Strategy:
    return _get(scoped(Strategy, hromada).filter(is_published=True), pk)


def direction(hromada, pk) -> StrategicDirection:
    return _get(StrategicDirection.objects.select_related("strategy").filter(strategy__hromada=hromada), pk)


def goal(hromada, pk) -> StrategicGoal:
    return _get(StrategicGoal.objects.select_related("direction__strategy")
                .filter(direction__strategy__hromada=hromada), pk)


def result(hromada, pk) -> StrategyResult:
    return _get(StrategyResult.objects.select_related("goal__direction__strategy")
                .filter(goal__direction__strategy__hromada=hromada), pk)


def step(hromada, pk) -> ActionStep:
    return _get(ActionStep.objects.select_related("result__goal__direction__strategy")
                .filter(result__goal__direction__strategy__hromada=hromada), pk)


def swot_item(hromada, pk) -> SwotItem:
    return _get(SwotItem.objects.select_related("strategy").filter(strategy__hromada=hromada), pk)


def plans(hromada) -> QuerySet[ActionPlan]:
    return scoped(ActionPlan, hromada).annotate(
        measure_count=Count("measures", distinct=True), indicator_count=Count("indicators", distinct=True),
    ).order_by("-start_year", uk("title"), "pk")


def plan(hromada, pk) -> ActionPlan:
    return _get(scoped(ActionPlan, hromada), pk)


def public_plans(hromada) -> QuerySet[ActionPlan]:
    return plans(hromada).filter(is_published=True)


def public_plan(hromada, pk) -> ActionPlan:
    return _get(scoped(ActionPlan, hromada).filter(is_published=True), pk)


def measure(hromada, pk) -> PlanMeasure:
    return _get(PlanMeasure.objects.select_related("plan").filter(plan__hromada=hromada), pk)


def plan_indicator(hromada, pk) -> PlanIndicator:
    return _get(PlanIndicator.objects.select_related("plan").filter(plan__hromada=hromada), pk)


def departments(hromada) -> QuerySet[Department]:
    return scoped(Department, hromada).order_by(uk("name"))


# --- numbers and progress -----------------------------------------------------------------------------------


def fmt(value: Decimal | int | None) -> str:
    """A value as officials write it: no trailing zeros, a decimal comma ("12,5"); empty for None."""
    if value is None:
        return ""
    value = Decimal(value)
    value = value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
    return format(value, "f").replace(".", formats.get_format("DECIMAL_SEPARATOR"))


def fmt2(value: Decimal | None) -> str:
    """A score with its two decimals, as the methodologies state it ("52,00")."""
    if value is None:
        return ""
    return format(Decimal(value).quantize(Decimal("0.01")), "f").replace(".", formats.get_format("DECIMAL_SEPARATOR"))


def percent_of(baseline: Decimal | None, target: Decimal | None, current: Decimal | None) -> Decimal | None:
    """Progress in % (0–100, one decimal) by the module's one rule (progress.share_of_way).

    Action-plan indicators have no baseline column and a strategy result may leave it empty: the way is then
    counted from 0.
    """
    return share_of_way(ZERO if baseline is None else baseline, target, current)


@dataclass(frozen=True)
class Progress:
    current: Decimal | None
    as_of: date | None
    source: str  # where the current value comes from
    live: bool  # computed from a live metric
    percent: Decimal | None
    measurable: bool  # a target is set
    problem: str = ""  # why a live value could not be computed

    @property
    def percent_text(self) -> str:
        return "" if self.percent is None else f"{fmt(self.percent)} %"

    @property
    def percent_attr(self) -> str:
        """For HTML attributes and SVG: a decimal point whatever the language."""
        return "" if self.percent is None else str(self.percent)

    @property
    def current_text(self) -> str:
        return fmt(self.current)


class MetricCache:
    """Live metric values for one page: each metric is computed once per hromada and date."""

    def __init__(self, hromada, today: date | None = None):
        self.hromada = hromada
        self.today = today or timezone.localdate()
        self._values: dict[str, Decimal] = {}

    def value(self, key: str) -> Decimal:
        if key not in self._values:
            self._values[key] = METRICS[key].value(self.hromada, self.today)
        return self._values[key]


def _progress(*, metric_key: str, baseline, target, current, as_of, metrics: MetricCache) -> Progress:
    if metric_key:
        metric = METRICS.get(metric_key)
        if metric is None:
            return Progress(None, None, "", True, None, target is not None,
                            problem=_("The live metric %(key)s is not available.") % {"key": metric_key})
        value = metrics.value(metric_key)
        return Progress(value, metrics.today, str(metric.source), True, percent_of(baseline, target, value),
                        target is not None)
    return Progress(current, as_of, _("entered by hand") if current is not None else "", False,
                    percent_of(baseline, target, current), target is not None)


def result_progress(item: StrategyResult, metrics: MetricCache) -> Progress:
    return _progress(metric_key=item.metric_key, baseline=item.baseline_value, target=item.target_value,
                     current=item.current_value, as_of=item.current_as_of, metrics=metrics)


def indicator_progress(item: PlanIndicator, metrics: MetricCache) -> Progress:
    return _progress(metric_key=item.metric_key, baseline=None, target=item.target, current=item.actual,
                     as_of=None, metrics=metrics)


def metric_label(key: str) -> str:
    metric = METRICS.get(key)
    return f"{metric.name}, {metric.unit}" if metric else key


# --- the strategy as a tree ---------------------------------------------------------------------------------


@dataclass
class ResultRow:
    result: StrategyResult
    progress: Progress
    steps: list[ActionStep]
    responsible: list[str]

    @property
    def steps_done(self) -> int:
        return sum(1 for s in self.steps if s.is_done)

    @property
    def baseline_text(self) -> str:
        return fmt(self.result.baseline_value)

    @property
    def target_text(self) -> str:
        return fmt(self.result.target_value)


@dataclass
class IndicatorRow:
    indicator: PlanIndicator
    progress: Progress

    @property
    def target_text(self) -> str:
        return fmt(self.indicator.target)


def indicator_rows(plan_obj: ActionPlan, metrics: MetricCache) -> list[IndicatorRow]:
    return [IndicatorRow(i, indicator_progress(i, metrics)) for i in plan_obj.indicators.order_by("order", "pk")]


@dataclass
class GoalRow:
    goal: StrategicGoal
    results: list[ResultRow] = field(default_factory=list)


@dataclass
class DirectionRow:
    direction: StrategicDirection
    goals: list[GoalRow] = field(default_factory=list)

    @property
    def results(self) -> list[ResultRow]:
        return [r for g in self.goals for r in g.results]

    @property
    def measured(self) -> int:
        return sum(1 for r in self.results if r.progress.percent is not None)

    @property
    def average_text(self) -> str:
        average = self.average
        return "" if average is None else f"{fmt(average)} %"

    @property
    def average(self) -> Decimal | None:
        """Average progress of the measurable results that have a current value."""
        known = [r.progress.percent for r in self.results if r.progress.percent is not None]
        if not known:
            return None
        return (sum(known, ZERO) / len(known)).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


def responsible_names(item) -> list[str]:
    names = [d.name for d in item.departments.all()]
    if item.responsible_other:
        names.append(item.responsible_other)
    return names


def strategy_tree(strategy_obj: Strategy, metrics: MetricCache, *, direction_id=None,
                  department_id=None) -> list[DirectionRow]:
    """Directions → goals → results (with progress and steps), in a fixed number of queries.

    With a filter, only the results that match are kept, and directions and goals left empty are dropped.
    """
    results = StrategyResult.objects.prefetch_related(
        "departments", Prefetch("steps", queryset=ActionStep.objects.order_by("order", "pk"))
    ).order_by("order", "pk")
    if department_id:
        results = results.filter(departments=department_id)
    directions = strategy_obj.directions.order_by("number").prefetch_related(
        Prefetch("goals", queryset=StrategicGoal.objects.order_by("order", "pk")),
        Prefetch("goals__results", queryset=results),
    )
    if direction_id:
        directions = directions.filter(pk=direction_id)
    filtered = bool(direction_id or department_id)
    tree = []
    for direction_obj in directions:
        row = DirectionRow(direction_obj)
        for goal_obj in direction_obj.goals.all():
            goal_row = GoalRow(goal_obj, [
                ResultRow(r, result_progress(r, metrics), list(r.steps.all()), responsible_names(r))
                for r in goal_obj.results.all()
            ])
            if goal_row.results or not filtered:
                row.goals.append(goal_row)
        if row.goals or not filtered:
            tree.append(row)
    return tree


def swot(strategy_obj: Strategy) -> list[tuple[str, str, list[SwotItem]]]:
    """The four quadrants in their fixed order, each (key, label, items)."""
    items = list(strategy_obj.swot.order_by("order", "pk"))
    return [(key, label, [i for i in items if i.quadrant == key]) for key, label in SwotItem.Quadrant.choices]


def plan_measures(plan_obj: ActionPlan, *, status: str = "", department_id=None) -> list[PlanMeasure]:
    rows = plan_obj.measures.prefetch_related("departments").order_by("number")
    if status:
        rows = rows.filter(status=status)
    if department_id:
        rows = rows.filter(departments=department_id).distinct()
    return list(rows)


def measures_by_status(plan_obj: ActionPlan) -> list[tuple[str, str, int]]:
    counts = dict(plan_obj.measures.order_by().values_list("status").annotate(n=Count("pk")))
    return [(key, str(label), counts.get(key, 0)) for key, label in PlanMeasure.Status.choices]


# --- spreadsheets -------------------------------------------------------------------------------------------


def workbook(sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence]]]) -> bytes:
    """An XLSX with one sheet per (title, header, rows), headers in bold, values typed (core.exports.cell)."""
    book = Workbook(write_only=True)
    bold = Font(bold=True)
    for title, header, rows in sheets:
        sheet = book.create_sheet(title=title[:31])
        heading = []
        for text in header:
            c = WriteOnlyCell(sheet, value=text)
            c.font = bold
            heading.append(c)
        sheet.append(heading)
        for row in rows:
            sheet.append([cell(v) for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def result_header() -> list[str]:
    return [_("Direction"), _("Goal code"), _("Goal"), _("Expected result"), _("Unit"), _("Baseline value"),
            _("Target value"), _("Current value"), _("Current value as of"), _("Source of the current value"),
            _("Progress, %"), _("Term as worded"), _("Deadline"), _("Responsible units"), _("Steps"),
            _("Steps done")]


def step_header() -> list[str]:
    return [_("Direction"), _("Goal code"), _("Expected result"), _("No."), _("Action step"), _("Deadline"),
            _("Done")]


def strategy_sheets(tree: list[DirectionRow]) -> list[tuple[str, list[str], list[list]]]:
    results, steps = [], []
    for d in tree:
        for g in d.goals:
            for r in g.results:
                p = r.progress
                results.append([
                    str(d.direction), g.goal.code, g.goal.name, r.result.text, r.result.unit,
                    r.result.baseline_value, r.result.target_value, p.current, p.as_of, p.source or p.problem,
                    p.percent, r.result.deadline_text, r.result.deadline, "; ".join(r.responsible),
                    len(r.steps), r.steps_done,
                ])
                for number, s in enumerate(r.steps, start=1):
                    steps.append([str(d.direction), g.goal.code, r.result.text, number, s.text, s.deadline,
                                  _("yes") if s.is_done else _("no")])
    return [(_("Expected results"), result_header(), results), (_("Action steps"), step_header(), steps)]


def measure_header() -> list[str]:
    return [_("No."), _("Measure"), _("Responsible units"), _("Term as worded"), _("Start"), _("End"),
            _("Indicator of completion"), _("Status")]


def indicator_header() -> list[str]:
    return [_("Key indicator"), _("Unit"), _("Target"), _("Actual"), _("Actual as of"),
            _("Source of the actual value"), _("Progress, %")]


def plan_sheets(plan_obj: ActionPlan, metrics: MetricCache, measures: list[PlanMeasure]) -> list:
    measure_rows = [[m.number, m.name, "; ".join(responsible_names(m)), m.period_text, m.start, m.end,
                     m.completion_indicator, m.get_status_display()] for m in measures]
    rows = [[r.indicator.name, r.indicator.unit, r.indicator.target, r.progress.current, r.progress.as_of,
             r.progress.source or r.progress.problem, r.progress.percent] for r in indicator_rows(plan_obj, metrics)]
    return [(_("Measures"), measure_header(), measure_rows), (_("Key indicators"), indicator_header(), rows)]


# --- writes: shared -----------------------------------------------------------------------------------------


def _guard(owner_hromada_id, *, actor, hromada) -> None:
    check_can(actor, hromada, MANAGE)
    if owner_hromada_id != hromada.pk:
        raise PermissionDenied(_("The record belongs to another hromada."))


def _departments_error(hromada, chosen: list) -> dict[str, str]:
    if any(d.hromada_id != hromada.pk for d in chosen):
        return {"departments": _("Choose units of this hromada.")}
    return {}


def _clean(obj: models.Model, errors: dict, exclude: Iterable[str] = ()) -> None:
    """Model validation (constraints are checked by the caller with clear messages) merged with ours."""
    for name in ("number", "order"):
        value = getattr(obj, name, None)
        if isinstance(value, int) and value > SMALL_MAX:  # SQLite would store it, PostgreSQL would refuse it
            errors.setdefault(name, MaxValueValidator(SMALL_MAX).message % {"limit_value": SMALL_MAX})
    try:
        obj.full_clean(exclude=list(exclude), validate_constraints=False)
    except ValidationError as error:
        errors = {**error.message_dict, **errors}
    if errors:
        raise ValidationError(errors)


def _persist(obj: models.Model, *, actor, hromada, chosen_departments: list | None = None) -> models.Model:
    """Save a validated record, set its units, and log the difference."""
    creating = obj.pk is None
    model = type(obj)
    with transaction.atomic():
        before, before_units = {}, []
        if not creating:
            stored = model.objects.select_for_update().get(pk=obj.pk)
            before = audit.snapshot(stored)
            if chosen_departments is not None:
                before_units = sorted((d.name for d in stored.departments.all()), key=uk_sort_key)
        try:
            with transaction.atomic():
                obj.save()
        except IntegrityError:
            raise ValidationError(_("The record conflicts with one saved meanwhile; please check and retry.")) \
                from None
        changes = audit.diff(before, audit.snapshot(obj))
        if chosen_departments is not None:
            obj.departments.set(chosen_departments)
            after_units = sorted((d.name for d in chosen_departments), key=uk_sort_key)
            if after_units != before_units:
                changes["departments"] = [before_units, after_units]
        if creating or changes:
            action = AuditEntry.Action.CREATE if creating else AuditEntry.Action.UPDATE
            audit.record(action, obj, changes=changes, actor=actor, hromada=hromada)
    return obj


def _delete(obj: models.Model, *, actor, hromada, extra: dict | None = None) -> None:
    with transaction.atomic():
        object_type, object_id, object_repr = audit.describe(obj)
        changes = {k: [v, None] for k, v in audit.snapshot(obj).items()} | (extra or {})
        obj.delete()
        audit.record(AuditEntry.Action.DELETE, changes=changes, actor=actor, hromada=hromada,
                     object_type=object_type, object_id=object_id, object_repr=object_repr)


def check_term(start_year: int | None, end_year: int | None) -> dict[str, str]:
    if start_year is not None and end_year is not None and end_year < start_year:
        return {"end_year": _("The last year cannot be before the first.")}
    return {}


def _in_term(value: date | None, first: int, last: int, name: str) -> dict[str, str]:
    if value is not None and not first <= value.year <= last:
        return {name: _("The date must lie inside the term (%(first)s–%(last)s).") % {"first": first, "last": last}}
    return {}


def _metric_errors(metric_key: str, typed_value, typed_name: str) -> dict[str, str]:
    if not metric_key:
        return {}
    if metric_key not in METRICS:
        return {"metric_key": _("Choose a metric from the list.")}
    if typed_value is not None:
        return {typed_name: _computed_message()}
    return {}


def _computed_message() -> str:
    return _("This value is computed from the live metric; leave this field empty.")


def _next_order(queryset: QuerySet) -> int:
    return (queryset.aggregate(top=models.Max("order"))["top"] or 0) + 1


# --- strategy -----------------------------------------------------------------------------------------------


def save_strategy(item: Strategy, *, actor, hromada) -> Strategy:
    if item.pk is None:
        item.hromada = hromada
    _guard(item.hromada_id, actor=actor, hromada=hromada)
    item.title = (item.title or "").strip()
    errors = check_term(item.start_year, item.end_year)
    if item.title and scoped(Strategy, hromada).filter(title=item.title).exclude(pk=item.pk).exists():
        errors["title"] = _("A strategy with this title already exists.")
    _clean(item, errors)
    return _persist(item, actor=actor, hromada=hromada)


def delete_strategy(item: Strategy, *, actor, hromada) -> None:
    _guard(item.hromada_id, actor=actor, hromada=hromada)
    _delete(item, actor=actor, hromada=hromada)


def save_direction(item: StrategicDirection, *, actor, hromada) -> StrategicDirection:
    _guard(item.strategy.hromada_id, actor=actor, hromada=hromada)
    item.name = (item.name or "").strip()
    errors = {}
    if item.number is not None and StrategicDirection.objects.filter(
            strategy=item.strategy, number=item.number).exclude(pk=item.pk).exists():
        errors["number"] = _("The strategy already has a direction with this number.")
    _clean(item, errors)
    return _persist(item, actor=actor, hromada=hromada)


def delete_direction(item: StrategicDirection, *, actor, hromada) -> None:
    _guard(item.strategy.hromada_id, actor=actor, hromada=hromada)
    _delete(item, actor=actor, hromada=hromada)


def save_goal(item: StrategicGoal, *, actor, hromada) -> StrategicGoal:
    _guard(item.direction.strategy.hromada_id, actor=actor, hromada=hromada)
    item.code, item.name = (item.code or "").strip(), (item.name or "").strip()
    errors = {}
    if item.code and StrategicGoal.objects.filter(
            direction__strategy=item.direction.strategy_id, code=item.code).exclude(pk=item.pk).exists():
        errors["code"] = _("The strategy already has a goal with this code.")
    if item.pk is None and not item.order:
        item.order = _next_order(StrategicGoal.objects.filter(direction=item.direction))
    _clean(item, errors)
    return _persist(item, actor=actor, hromada=hromada)


def delete_goal(item: StrategicGoal, *, actor, hromada) -> None:
    _guard(item.direction.strategy.hromada_id, actor=actor, hromada=hromada)
    _delete(item, actor=actor, hromada=hromada)


def save_result(item: StrategyResult, *, actor, hromada, departments: Iterable = ()) -> StrategyResult:
    """Create or change an expected result; its current value is typed or comes from a live metric."""
    owner = item.goal.direction.strategy
    _guard(owner.hromada_id, actor=actor, hromada=hromada)
    chosen = list(departments)
    item.text = (item.text or "").strip()
    item.responsible_other = (item.responsible_other or "").strip()
    errors = _departments_error(hromada, chosen)
    errors |= _metric_errors(item.metric_key, item.current_value, "current_value")
    if item.metric_key and item.current_as_of is not None:
        errors.setdefault("current_as_of", _computed_message())
    start = item.baseline_value if item.baseline_value is not None else ZERO
    if item.target_value is not None and item.target_value == start:
        errors["target_value"] = _("The target must differ from the baseline (an empty baseline counts as 0).")
    if item.target_value is None and (item.current_value is not None or item.metric_key):
        errors.setdefault("target_value", _("Give the target so that progress can be measured."))
    errors |= _in_term(item.deadline, owner.start_year, owner.end_year, "deadline")
    if item.current_value is not None and item.current_as_of is None:
        item.current_as_of = timezone.localdate()
    if item.current_value is None and not item.metric_key:
        item.current_as_of = None
    if item.pk is None and not item.order:
        item.order = _next_order(StrategyResult.objects.filter(goal=item.goal))
    _clean(item, errors, exclude=["departments"])
    return _persist(item, actor=actor, hromada=hromada, chosen_departments=chosen)


def delete_result(item: StrategyResult, *, actor, hromada) -> None:
    _guard(item.goal.direction.strategy.hromada_id, actor=actor, hromada=hromada)
    _delete(item, actor=actor, hromada=hromada)


def save_step(item: ActionStep, *, actor, hromada) -> ActionStep:
    owner = item.result.goal.direction.strategy
    _guard(owner.hromada_id, actor=actor, hromada=hromada)
    item.text = (item.text or "").strip()
    errors = _in_term(item.deadline, owner.start_year, owner.end_year, "deadline")
    if item.pk is None and not item.order:
        item.order = _next_order(ActionStep.objects.filter(result=item.result))
    _clean(item, errors)
    return _persist(item, actor=actor, hromada=hromada)


def set_step_done(item: ActionStep, *, actor, hromada, done: bool) -> ActionStep:
    _guard(item.result.goal.direction.strategy.hromada_id, actor=actor, hromada=hromada)
    if item.is_done == done:
        return item
    item.is_done = done
    return _persist(item, actor=actor, hromada=hromada)


def move_step(item: ActionStep, *, actor, hromada, up: bool) -> ActionStep:
    """Swap the step with its neighbour; the steps of the result are renumbered 1, 2, 3… on the way."""
    _guard(item.result.goal.direction.strategy.hromada_id, actor=actor, hromada=hromada)
    with transaction.atomic():
        steps = list(ActionStep.objects.select_for_update().filter(result=item.result_id).order_by("order", "pk"))
        index = next(i for i, s in enumerate(steps) if s.pk == item.pk)
        other = index - 1 if up else index + 1
        if not 0 <= other < len(steps):
            return item
        steps[index], steps[other] = steps[other], steps[index]
        for number, s in enumerate(steps, start=1):
            if s.order != number:
                s.order = number
                s.save(update_fields=["order"])
        audit.record(AuditEntry.Action.UPDATE, item, actor=actor, hromada=hromada,
                     changes={"order": [index + 1, other + 1]})
    item.order = other + 1
    return item


def delete_step(item: ActionStep, *, actor, hromada) -> None:
    _guard(item.result.goal.direction.strategy.hromada_id, actor=actor, hromada=hromada)
    _delete(item, actor=actor, hromada=hromada)


def save_swot_item(item: SwotItem, *, actor, hromada) -> SwotItem:
    _guard(item.strategy.hromada_id, actor=actor, hromada=hromada)
    item.text = (item.text or "").strip()
    if item.pk is None and not item.order:
        item.order = _next_order(SwotItem.objects.filter(strategy=item.strategy, quadrant=item.quadrant))
    _clean(item, {})
    return _persist(item, actor=actor, hromada=hromada)


def delete_swot_item(item: SwotItem, *, actor, hromada) -> None:
    _guard(item.strategy.hromada_id, actor=actor, hromada=hromada)
    _delete(item, actor=actor, hromada=hromada)


def strategy_counts(strategy_obj: Strategy) -> dict[str, int]:
    return {
        "directions": strategy_obj.directions.count(),
        "goals": StrategicGoal.objects.filter(direction__strategy=strategy_obj).count(),
        "results": StrategyResult.objects.filter(goal__direction__strategy=strategy_obj).count(),
        "steps": ActionStep.objects.filter(result__goal__direction__strategy=strategy_obj).count(),
    }


# --- action plan --------------------------------------------------------------------------------------------


def save_plan(item: ActionPlan, *, actor, hromada) -> ActionPlan:
    if item.pk is None:
        item.hromada = hromada
    _guard(item.hromada_id, actor=actor, hromada=hromada)
    item.title = (item.title or "").strip()
    errors = check_term(item.start_year, item.end_year)
    if item.title and scoped(ActionPlan, hromada).filter(title=item.title).exclude(pk=item.pk).exists():
        errors["title"] = _("An action plan with this title already exists.")
    if item.pk and item.start_year and item.end_year and not errors:
        first, last = date(item.start_year, 1, 1), date(item.end_year, 12, 31)
        outside = item.measures.filter(Q(start__lt=first) | Q(end__gt=last)).count()
        if outside:
            errors["end_year"] = _("%(count)s measure(s) would fall outside this term; change them first.") % {
                "count": outside}
    _clean(item, errors)
    return _persist(item, actor=actor, hromada=hromada)


def delete_plan(item: ActionPlan, *, actor, hromada) -> None:
    _guard(item.hromada_id, actor=actor, hromada=hromada)
    _delete(item, actor=actor, hromada=hromada)


def save_measure(item: PlanMeasure, *, actor, hromada, departments: Iterable = ()) -> PlanMeasure:
    owner = item.plan
    _guard(owner.hromada_id, actor=actor, hromada=hromada)
    chosen = list(departments)
    item.name = (item.name or "").strip()
    item.responsible_other = (item.responsible_other or "").strip()
    errors = _departments_error(hromada, chosen)
    if item.number is not None and PlanMeasure.objects.filter(plan=owner, number=item.number).exclude(
            pk=item.pk).exists():
        errors["number"] = _("The plan already has a measure with this number.")
    errors |= _in_term(item.start, owner.start_year, owner.end_year, "start")
    errors |= _in_term(item.end, owner.start_year, owner.end_year, "end")
    if item.start and item.end and item.end < item.start:
        errors["end"] = _("The end cannot be before the start.")
    _clean(item, errors, exclude=["departments"])
    return _persist(item, actor=actor, hromada=hromada, chosen_departments=chosen)


def delete_measure(item: PlanMeasure, *, actor, hromada) -> None:
    _guard(item.plan.hromada_id, actor=actor, hromada=hromada)
    _delete(item, actor=actor, hromada=hromada)


def save_plan_indicator(item: PlanIndicator, *, actor, hromada) -> PlanIndicator:
    _guard(item.plan.hromada_id, actor=actor, hromada=hromada)
    item.name = (item.name or "").strip()
    errors = _metric_errors(item.metric_key, item.actual, "actual")
    if item.target is not None and item.target == ZERO:
        errors["target"] = _("The target cannot be zero.")
    if item.pk is None and not item.order:
        item.order = _next_order(PlanIndicator.objects.filter(plan=item.plan))
    _clean(item, errors)
    return _persist(item, actor=actor, hromada=hromada)


def delete_plan_indicator(item: PlanIndicator, *, actor, hromada) -> None:
    _guard(item.plan.hromada_id, actor=actor, hromada=hromada)
    _delete(item, actor=actor, hromada=hromada)
