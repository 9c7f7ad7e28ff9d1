"""Staff pages of the IT strategy, the action plans and the yearly self-assessments (thin: services do the work).

Every staff member reads (``programmes.view``); programme managers and hromada administrators change
(``strategy.manage``). Records are found through the hromada, so another hromada's id is a 404.
"""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hromada.core import audit, audit_display
from hromada.core.access import require
from hromada.core.crud import Crud
from hromada.core.models import AuditEntry
from hromada.core.roles import can
from hromada.programmes import forms_strategy as forms
from hromada.programmes import methodologies
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
from hromada.programmes.services import assessment as assessment_svc
from hromada.programmes.services import strategy as svc

view = require(svc.VIEW)
manage = require(svc.MANAGE)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# The shared list machinery searches and sorts the strategy and plan lists (their pages live here).
STRATEGIES = Crud(
    slug="strategy", model=Strategy, form_class=forms.StrategyForm, queryset=svc.strategies,
    list_fields=("title", "start_year", "end_year", "is_published"),
    detail_fields=("title", "start_year", "end_year", "approval_decision", "approval_date", "is_published"),
    search_fields=("title", "summary"), ordering_fields=("title", "start_year"),
    view_capability=svc.VIEW, manage_capability=svc.MANAGE,
)
PLANS = Crud(
    slug="plan", model=ActionPlan, form_class=forms.ActionPlanForm, queryset=svc.plans,
    list_fields=("title", "start_year", "end_year", "is_published"),
    detail_fields=("title", "start_year", "end_year", "decision_number", "decision_date", "is_published"),
    search_fields=("title", "goal"), ordering_fields=("title", "start_year"),
    view_capability=svc.VIEW, manage_capability=svc.MANAGE,
)


def _can_manage(request) -> bool:
    return can(request.user, request.hromada, svc.MANAGE)


def _history(request, obj) -> list:
    """The record's entries in the audit log as people read them (parts of a strategy carry the hromada in their
    entries)."""
    return audit_display.history(obj, request.user, limit=20, hromada=request.hromada)


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _posted(request):
    return request.POST if request.method == "POST" else None


def _edit(request, form, save, *, title: str, cancel: str, done, template: str = "programmes/strategy/form.html",
          context: dict | None = None):
    """Show a form; on a valid POST let the service save it, and show its errors beside the fields."""
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form)
        except ValidationError as error:
            forms.apply_errors(form, error)
        else:
            messages.success(request, _("Saved: %(record)s.") % {"record": saved})
            return redirect(done(saved))
    context = dict(context or {})
    parent = context.get("parent")
    if isinstance(parent, Strategy):
        context["parent_url"] = reverse("programmes:strategy-detail", args=[parent.pk])
    elif isinstance(parent, ActionPlan):
        context["parent_url"] = reverse("programmes:plan-detail", args=[parent.pk])
    return render(request, template, {"form": form, "title": title, "cancel": cancel, **context},
                  status=400 if request.method == "POST" else 200)


def _confirm_delete(request, obj, delete, *, cancel: str, done: str, consequences: str = "", label: str = ""):
    label = label or str(obj)
    error = None
    if request.method == "POST":
        try:
            delete(obj, actor=request.user, hromada=request.hromada)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("Deleted: %(record)s.") % {"record": label})
            return redirect(done)
    return render(request, "programmes/strategy/confirm_delete.html", {
        "label": label, "cancel": cancel, "consequences": consequences, "error": error,
    }, status=409 if error else 200)


def _document_list(request, crud: Crud, heading: str, prefix: str, counts: tuple[tuple[str, str], ...]):
    """A strategy or plan list: the same page, with the parts each kind counts."""
    rows, state = crud.filtered(request)
    page = Paginator(rows, 25).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "programmes/_document_list.html", {
        "page": page, "state": state, "querystring": query.urlencode(), "can_manage": _can_manage(request),
        "heading": heading, "create_url": f"programmes:{prefix}-create", "detail_url": f"programmes:{prefix}-detail",
        "count_labels": [label for label, _attr in counts],
        "rows": [(item, [getattr(item, attr) for _label, attr in counts]) for item in page.object_list],
    })


def bar_chart(chart_id: str, title: str, rows: list[tuple[str, Decimal | int | None, str]], maximum) -> dict:
    """Geometry of a horizontal bar chart drawn in SVG: one bar per (label, value, value as text).

    Numbers for SVG attributes are plain strings with a decimal point, so the page's localisation (decimal
    comma) cannot break the drawing. The page shows the same figures in a table beside the chart.
    """
    track, left, bar_height, gap = 440, 90, 22, 12
    maximum = Decimal(maximum or 0)
    drawn = []
    for index, (label, value, text) in enumerate(rows):
        share = Decimal(0) if value is None or maximum <= 0 else min(max(Decimal(value) / maximum, Decimal(0)), 1)
        y = gap + index * (bar_height + gap)
        width = (share * track).quantize(Decimal("0.1"))
        drawn.append({"label": label, "text": text or "—", "y": str(y), "text_y": str(y + 16), "width": str(width),
                      "value_x": str(left + width + 8)})
    height = gap + len(rows) * (bar_height + gap)
    return {"id": chart_id, "title": title, "rows": drawn, "height": str(height), "left": str(left),
            "track": str(track), "bar_height": str(bar_height), "view_width": str(left + track + 120)}


def direction_chart(tree: list[svc.DirectionRow], chart_id: str = "directions-chart") -> dict:
    rows = [(str(d.direction.number), d.average, f"{svc.fmt(d.average)} %" if d.average is not None else "")
            for d in tree]
    return bar_chart(chart_id, _("Average progress of the measurable results by direction, %"), rows, 100)


def status_chart(plan_obj: ActionPlan) -> tuple[dict, list[tuple[str, str, int]]]:
    counts = svc.measures_by_status(plan_obj)
    total = sum(n for _k, _label, n in counts)
    chart = bar_chart("status-chart", _("Measures by status"), [(label, n, str(n)) for _k, label, n in counts],
                      total)
    return chart, counts


def _export(request, item, filename: str, sheets) -> HttpResponse:
    audit.record(AuditEntry.Action.EXPORT, item, hromada=request.hromada, object_repr=f"{item} (xlsx)")
    response = HttpResponse(svc.workbook(sheets), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


# --- strategies ---------------------------------------------------------------------------------------------


@view
def strategy_list(request):
    return _document_list(request, STRATEGIES, _("IT strategies"), "strategy",
                          ((_("Directions"), "direction_count"), (_("Expected results"), "result_count")))


@manage
def strategy_form(request, strategy_id=None):
    item = svc.strategy(request.hromada, strategy_id) if strategy_id is not None else None
    form = forms.StrategyForm(_posted(request), instance=item, hromada=request.hromada)
    return _edit(
        request, form, lambda f: svc.save_strategy(f.instance, actor=request.user, hromada=request.hromada),
        title=_("Editing: %(record)s") % {"record": item} if item else _("New IT strategy"),
        cancel=reverse("programmes:strategy-detail", args=[item.pk]) if item else reverse(
            "programmes:strategy-list"),
        done=lambda saved: reverse("programmes:strategy-detail", args=[saved.pk]),
    )


def _filters(request) -> dict:
    return {"direction_id": _int(request.GET.get("direction")), "department_id": _int(request.GET.get("department"))}


@view
def strategy_detail(request, strategy_id):
    item = svc.strategy(request.hromada, strategy_id)
    metrics = svc.MetricCache(request.hromada)
    filters = _filters(request)
    tree = svc.strategy_tree(item, metrics, **filters)
    query = request.GET.urlencode()
    return render(request, "programmes/strategy/detail.html", {
        "strategy": item, "tree": tree, "swot": svc.swot(item), "filters": filters,
        "directions": item.directions.order_by("number"), "departments": svc.departments(request.hromada),
        "filtered": bool(filters["direction_id"] or filters["department_id"]), "querystring": query,
        "chart": direction_chart(tree), "counts": svc.strategy_counts(item), "today": metrics.today,
        "history": _history(request, item), "can_manage": _can_manage(request),
    })


@view
def strategy_export(request, strategy_id):
    item = svc.strategy(request.hromada, strategy_id)
    tree = svc.strategy_tree(item, svc.MetricCache(request.hromada), **_filters(request))
    return _export(request, item, f"strategy-{item.pk}", svc.strategy_sheets(tree))


@manage
def strategy_delete(request, strategy_id):
    item = svc.strategy(request.hromada, strategy_id)
    counts = svc.strategy_counts(item)
    return _confirm_delete(
        request, item, svc.delete_strategy, cancel=reverse("programmes:strategy-detail", args=[item.pk]),
        done=reverse("programmes:strategy-list"),
        consequences=_("With it go %(directions)s direction(s), %(goals)s goal(s), %(results)s expected result(s) "
                       "and %(steps)s action step(s), and its SWOT analysis.") % counts,
    )


def _tree_url(strategy_id: int, anchor: str = "") -> str:
    url = reverse("programmes:strategy-detail", args=[strategy_id])
    return f"{url}#{anchor}" if anchor else url


@manage
def direction_form(request, strategy_id=None, strategic_direction_id=None):
    if strategic_direction_id is not None:
        item = svc.direction(request.hromada, strategic_direction_id)
        owner = item.strategy
    else:
        owner = svc.strategy(request.hromada, strategy_id)
        top = owner.directions.order_by("-number").values_list("number", flat=True).first() or 0
        item = StrategicDirection(strategy=owner, number=top + 1)
    form = forms.DirectionForm(_posted(request), instance=item, hromada=request.hromada)
    return _edit(
        request, form, lambda f: svc.save_direction(f.instance, actor=request.user, hromada=request.hromada),
        title=_("Editing: %(record)s") % {"record": item} if item.pk else _("New strategic direction"),
        cancel=_tree_url(owner.pk), done=lambda saved: _tree_url(owner.pk, f"direction-{saved.pk}"),
        context={"parent": owner},
    )


@manage
def direction_delete(request, strategic_direction_id):
    item = svc.direction(request.hromada, strategic_direction_id)
    goals = item.goals.count()
    results = StrategyResult.objects.filter(goal__direction=item).count()
    return _confirm_delete(
        request, item, svc.delete_direction, cancel=_tree_url(item.strategy_id, f"direction-{item.pk}"),
        done=_tree_url(item.strategy_id),
        consequences=_("With it go %(goals)s goal(s) and %(results)s expected result(s) with their steps.")
        % {"goals": goals, "results": results},
    )


@manage
def goal_form(request, strategic_direction_id=None, strategic_goal_id=None):
    if strategic_goal_id is not None:
        item = svc.goal(request.hromada, strategic_goal_id)
    else:
        item = StrategicGoal(direction=svc.direction(request.hromada, strategic_direction_id))
    owner = item.direction.strategy
    form = forms.GoalForm(_posted(request), instance=item, hromada=request.hromada)
    return _edit(
        request, form, lambda f: svc.save_goal(f.instance, actor=request.user, hromada=request.hromada),
        title=_("Editing: %(record)s") % {"record": item} if item.pk else _("New goal in direction %(direction)s")
        % {"direction": item.direction},
        cancel=_tree_url(owner.pk), done=lambda saved: _tree_url(owner.pk, f"goal-{saved.pk}"),
        context={"parent": owner},
    )


@manage
def goal_delete(request, strategic_goal_id):
    item = svc.goal(request.hromada, strategic_goal_id)
    owner = item.direction.strategy_id
    return _confirm_delete(
        request, item, svc.delete_goal, cancel=_tree_url(owner, f"goal-{item.pk}"), done=_tree_url(owner),
        consequences=_("With it go %(results)s expected result(s) with their steps.")
        % {"results": item.results.count()},
    )


@view
def result_detail(request, strategy_result_id):
    item = svc.result(request.hromada, strategy_result_id)
    metrics = svc.MetricCache(request.hromada)
    row = svc.ResultRow(item, svc.result_progress(item, metrics), list(item.steps.order_by("order", "pk")),
                        svc.responsible_names(item))
    step_form = forms.NewStepForm(hromada=request.hromada, prefix="step")
    return render(request, "programmes/strategy/result.html", {
        "row": row, "result": item, "goal": item.goal, "strategy": item.goal.direction.strategy,
        "metric": svc.metric_label(item.metric_key) if item.metric_key else "", "step_form": step_form,
        "history": _history(request, item),
        "can_manage": _can_manage(request),
    })


def _result_url(result_id: int, anchor: str = "") -> str:
    url = reverse("programmes:strategy-result-detail", args=[result_id])
    return f"{url}#{anchor}" if anchor else url


@manage
def result_form(request, strategic_goal_id=None, strategy_result_id=None):
    if strategy_result_id is not None:
        item = svc.result(request.hromada, strategy_result_id)
    else:
        item = StrategyResult(goal=svc.goal(request.hromada, strategic_goal_id))
    owner = item.goal.direction.strategy
    form = forms.ResultForm(_posted(request), instance=item, hromada=request.hromada)

    def save(f):
        return svc.save_result(f.instance, actor=request.user, hromada=request.hromada,
                               departments=f.cleaned_data["departments"])

    return _edit(
        request, form, save,
        title=_("Editing: %(record)s") % {"record": item} if item.pk else _("New expected result for goal %(goal)s")
        % {"goal": item.goal},
        cancel=_result_url(item.pk) if item.pk else _tree_url(owner.pk, f"goal-{item.goal_id}"),
        done=lambda saved: _result_url(saved.pk), context={"parent": owner, "fieldsets": True},
    )


@manage
def result_delete(request, strategy_result_id):
    item = svc.result(request.hromada, strategy_result_id)
    owner = item.goal.direction.strategy_id
    return _confirm_delete(
        request, item, svc.delete_result, cancel=_result_url(item.pk), done=_tree_url(owner, f"goal-{item.goal_id}"),
        consequences=_("With it go %(steps)s action step(s).") % {"steps": item.steps.count()},
    )


@manage
def step_add(request, strategy_result_id):
    owner = svc.result(request.hromada, strategy_result_id)
    form = forms.NewStepForm(_posted(request), instance=ActionStep(result=owner), hromada=request.hromada,
                             prefix="step")
    return _edit(
        request, form, lambda f: svc.save_step(f.instance, actor=request.user, hromada=request.hromada),
        title=_("New step for: %(result)s") % {"result": owner}, cancel=_result_url(owner.pk),
        done=lambda saved: _result_url(owner.pk, f"step-{saved.pk}"),
        context={"parent": owner.goal.direction.strategy},
    )


@manage
def step_edit(request, strategy_step_id):
    item = svc.step(request.hromada, strategy_step_id)
    form = forms.StepForm(_posted(request), instance=item, hromada=request.hromada)
    return _edit(
        request, form, lambda f: svc.save_step(f.instance, actor=request.user, hromada=request.hromada),
        title=_("Editing: %(record)s") % {"record": item}, cancel=_result_url(item.result_id, f"step-{item.pk}"),
        done=lambda saved: _result_url(saved.result_id, f"step-{saved.pk}"),
        context={"parent": item.result.goal.direction.strategy},
    )


@manage
@require_POST
def step_move(request, strategy_step_id):
    item = svc.step(request.hromada, strategy_step_id)
    svc.move_step(item, actor=request.user, hromada=request.hromada, up=request.POST.get("to") == "up")
    return redirect(_result_url(item.result_id, f"step-{item.pk}"))


@manage
@require_POST
def step_done(request, strategy_step_id):
    item = svc.step(request.hromada, strategy_step_id)
    svc.set_step_done(item, actor=request.user, hromada=request.hromada, done=request.POST.get("done") == "1")
    messages.success(request, _("Marked as done: %(step)s.") % {"step": item} if item.is_done
                     else _("Marked as not done: %(step)s.") % {"step": item})
    return redirect(_result_url(item.result_id, f"step-{item.pk}"))


@manage
def step_delete(request, strategy_step_id):
    item = svc.step(request.hromada, strategy_step_id)
    return _confirm_delete(request, item, svc.delete_step, cancel=_result_url(item.result_id, f"step-{item.pk}"),
                           done=_result_url(item.result_id, "steps"))


@manage
def swot_form(request, strategy_id=None, swot_item_id=None):
    if swot_item_id is not None:
        item = svc.swot_item(request.hromada, swot_item_id)
    else:
        quadrant = request.GET.get("quadrant", "")
        item = SwotItem(strategy=svc.strategy(request.hromada, strategy_id),
                        quadrant=quadrant if quadrant in SwotItem.Quadrant.values else "")
    owner = item.strategy
    form = forms.SwotForm(_posted(request), instance=item, hromada=request.hromada)
    return _edit(
        request, form, lambda f: svc.save_swot_item(f.instance, actor=request.user, hromada=request.hromada),
        title=_("Editing: %(record)s") % {"record": item} if item.pk else _("New SWOT item"),
        cancel=_tree_url(owner.pk, "swot"), done=lambda saved: _tree_url(owner.pk, "swot"),
        context={"parent": owner},
    )


@manage
def swot_delete(request, swot_item_id):
    item = svc.swot_item(request.hromada, swot_item_id)
    return _confirm_delete(request, item, svc.delete_swot_item, cancel=_tree_url(item.strategy_id, "swot"),
                           done=_tree_url(item.strategy_id, "swot"))


# --- action plans -------------------------------------------------------------------------------------------


@view
def plan_list(request):
    return _document_list(request, PLANS, _("Action plans"), "plan",
                          ((_("Measures"), "measure_count"), (_("Key indicators"), "indicator_count")))


def _plan_url(plan_id: int, anchor: str = "") -> str:
    url = reverse("programmes:plan-detail", args=[plan_id])
    return f"{url}#{anchor}" if anchor else url


@manage
def plan_form(request, action_plan_id=None):
    item = svc.plan(request.hromada, action_plan_id) if action_plan_id is not None else None
    form = forms.ActionPlanForm(_posted(request), instance=item, hromada=request.hromada)
    return _edit(
        request, form, lambda f: svc.save_plan(f.instance, actor=request.user, hromada=request.hromada),
        title=_("Editing: %(record)s") % {"record": item} if item else _("New action plan"),
        cancel=_plan_url(item.pk) if item else reverse("programmes:plan-list"),
        done=lambda saved: _plan_url(saved.pk),
    )


def _plan_filters(request) -> dict:
    status = request.GET.get("status", "")
    return {"status": status if status in PlanMeasure.Status.values else "",
            "department_id": _int(request.GET.get("department"))}


@view
def plan_detail(request, action_plan_id):
    item = svc.plan(request.hromada, action_plan_id)
    metrics = svc.MetricCache(request.hromada)
    filters = _plan_filters(request)
    chart, counts = status_chart(item)
    return render(request, "programmes/plan/detail.html", {
        "plan": item, "measures": svc.plan_measures(item, **filters), "filters": filters,
        "filtered": bool(filters["status"] or filters["department_id"]), "querystring": request.GET.urlencode(),
        "statuses": PlanMeasure.Status.choices, "departments": svc.departments(request.hromada),
        "indicators": svc.indicator_rows(item, metrics), "chart": chart, "status_counts": counts,
        "today": metrics.today, "history": _history(request, item), "can_manage": _can_manage(request),
    })


@view
def plan_export(request, action_plan_id):
    item = svc.plan(request.hromada, action_plan_id)
    sheets = svc.plan_sheets(item, svc.MetricCache(request.hromada),
                             svc.plan_measures(item, **_plan_filters(request)))
    return _export(request, item, f"action-plan-{item.pk}", sheets)


@manage
def plan_delete(request, action_plan_id):
    item = svc.plan(request.hromada, action_plan_id)
    return _confirm_delete(
        request, item, svc.delete_plan, cancel=_plan_url(item.pk), done=reverse("programmes:plan-list"),
        consequences=_("With it go %(measures)s measure(s) and %(indicators)s key indicator(s).")
        % {"measures": item.measures.count(), "indicators": item.indicators.count()},
    )


@manage
def measure_form(request, action_plan_id=None, plan_measure_id=None):
    if plan_measure_id is not None:
        item = svc.measure(request.hromada, plan_measure_id)
    else:
        owner = svc.plan(request.hromada, action_plan_id)
        top = owner.measures.order_by("-number").values_list("number", flat=True).first() or 0
        item = PlanMeasure(plan=owner, number=top + 1)
    owner = item.plan
    form = forms.MeasureForm(_posted(request), instance=item, hromada=request.hromada)

    def save(f):
        return svc.save_measure(f.instance, actor=request.user, hromada=request.hromada,
                                departments=f.cleaned_data["departments"])

    return _edit(
        request, form, save, title=_("Editing: %(record)s") % {"record": item} if item.pk else _("New measure"),
        cancel=_plan_url(owner.pk, f"measure-{item.pk}" if item.pk else "measures"),
        done=lambda saved: _plan_url(owner.pk, f"measure-{saved.pk}"), context={"parent": owner, "fieldsets": True},
    )


@manage
def measure_delete(request, plan_measure_id):
    item = svc.measure(request.hromada, plan_measure_id)
    return _confirm_delete(request, item, svc.delete_measure, cancel=_plan_url(item.plan_id, f"measure-{item.pk}"),
                           done=_plan_url(item.plan_id, "measures"))


@manage
def plan_indicator_form(request, action_plan_id=None, plan_indicator_id=None):
    if plan_indicator_id is not None:
        item = svc.plan_indicator(request.hromada, plan_indicator_id)
    else:
        item = PlanIndicator(plan=svc.plan(request.hromada, action_plan_id))
    owner = item.plan
    form = forms.PlanIndicatorForm(_posted(request), instance=item, hromada=request.hromada)
    return _edit(
        request, form, lambda f: svc.save_plan_indicator(f.instance, actor=request.user, hromada=request.hromada),
        title=_("Editing: %(record)s") % {"record": item} if item.pk else _("New key indicator"),
        cancel=_plan_url(owner.pk, "indicators"), done=lambda saved: _plan_url(owner.pk, "indicators"),
        context={"parent": owner},
    )


@manage
def plan_indicator_delete(request, plan_indicator_id):
    item = svc.plan_indicator(request.hromada, plan_indicator_id)
    return _confirm_delete(request, item, svc.delete_plan_indicator, cancel=_plan_url(item.plan_id, "indicators"),
                           done=_plan_url(item.plan_id, "indicators"))


# --- self-assessments ---------------------------------------------------------------------------------------


def _assessment_url(assessment_id: int) -> str:
    return reverse("programmes:assessment-detail", args=[assessment_id])


def history_charts(hromada) -> list[dict]:
    """Per methodology: its assessments by year as a table and as an SVG bar per year."""
    groups = []
    for key, title, items in assessment_svc.history(hromada):
        scale = methodologies.load(key).scale_max if methodologies.versions(key) else Decimal(100)
        rows = [(str(a.year), a.score, svc.fmt2(a.score)) for a in items]
        groups.append({"key": key, "title": title, "items": items, "scale": svc.fmt(scale),
                       "chart": bar_chart(f"history-{key}", _("%(title)s: score by year") % {"title": title}, rows,
                                          scale)})
    return groups


@view
def assessment_list(request):
    return render(request, "programmes/assessment/list.html", {
        "groups": history_charts(request.hromada), "form": forms.StartAssessmentForm(),
        "methodologies": methodologies.available(), "can_manage": _can_manage(request),
    })


@manage
def assessment_create(request):
    form = forms.StartAssessmentForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        key, version = form.methodology_pair()
        try:
            item = assessment_svc.start(actor=request.user, hromada=request.hromada, methodology_key=key,
                                        version=version, year=form.cleaned_data["year"])
        except ValidationError as error:
            forms.apply_errors(form, error)
        else:
            messages.success(request, _("The self-assessment is started: answer its items."))
            return redirect("programmes:assessment-answers", item.pk)
    return render(request, "programmes/assessment/start.html", {"form": form},
                  status=400 if request.method == "POST" else 200)


def _answer_rows(methodology, answers) -> list[dict]:
    modules = []
    for module in methodology.modules:
        items = []
        for indicator in module.indicators:
            row = answers.get(indicator.key)
            value = row.value if row else None
            if value is None:
                shown = ""
            elif indicator.answer == methodologies.YES_NO:
                shown = _("yes") if value == 1 else _("no")
            elif indicator.answer == methodologies.PERCENT:
                shown = f"{svc.fmt(value)} %"
            else:
                shown = svc.fmt(value)
            items.append({"indicator": indicator, "answer": row, "shown": shown})
        modules.append({"module": module, "items": items})
    return modules


@view
def assessment_detail(request, assessment_id):
    item = assessment_svc.assessment(request.hromada, assessment_id)
    methodology = assessment_svc.methodology_of(item)
    answers = assessment_svc.answers_of(item)
    score = assessment_svc.score_of(item, answers)
    questions = {i.key: i.question for i in methodology.indicators} if methodology else {}
    return render(request, "programmes/assessment/detail.html", {
        "assessment": item, "methodology": methodology, "score": score,
        "modules": _answer_rows(methodology, answers) if methodology else [],
        "module_scores": [(m, svc.fmt2(m.score), svc.fmt(m.weight)) for m in score.modules] if score else [],
        "total": svc.fmt2(score.total) if score else "", "scale": svc.fmt(methodology.scale_max) if methodology else "",
        "unanswered": [questions.get(k, k) for k in score.unanswered] if score else [],
        "label": assessment_svc.label(item), "history": _history(request, item),
        "can_manage": _can_manage(request),
    })


@manage
def assessment_answers(request, assessment_id):
    item = assessment_svc.assessment(request.hromada, assessment_id)
    methodology = assessment_svc.methodology_of(item)
    if item.is_final or methodology is None:
        if request.method == "POST":
            messages.error(request, _("The self-assessment is final and can no longer be changed.")
                           if item.is_final else _("The methodology of this self-assessment is not installed."))
            return render(request, "programmes/assessment/final.html", {"assessment": item,
                                                                        "label": assessment_svc.label(item)},
                          status=409)
        return redirect(_assessment_url(item.pk))
    form = forms.AnswersForm(_posted(request), methodology=methodology, stored=assessment_svc.answers_of(item))
    if request.method == "POST" and form.is_valid():
        try:
            assessment_svc.save_answers(item, actor=request.user, hromada=request.hromada, answers=form.answers())
        except ValidationError as error:
            forms.apply_errors(form, error)
        else:
            messages.success(request, _("The answers are saved."))
            return redirect(_assessment_url(item.pk))
    score = assessment_svc.score_of(item)
    return render(request, "programmes/assessment/answers.html", {
        "assessment": item, "methodology": methodology, "form": form, "label": assessment_svc.label(item),
        "total": svc.fmt2(score.total), "scale": svc.fmt(methodology.scale_max),
    }, status=400 if request.method == "POST" else 200)


@manage
def assessment_finalise(request, assessment_id):
    item = assessment_svc.assessment(request.hromada, assessment_id)
    error = None
    if request.method == "POST":
        try:
            assessment_svc.finalise(item, actor=request.user, hromada=request.hromada)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("The self-assessment is final."))
            return redirect(_assessment_url(item.pk))
    score = assessment_svc.score_of(item)
    return render(request, "programmes/assessment/finalise.html", {
        "assessment": item, "label": assessment_svc.label(item), "error": error,
        "total": svc.fmt2(score.total) if score else "", "unanswered": len(score.unanswered) if score else 0,
    }, status=409 if error else 200)


@manage
def assessment_delete(request, assessment_id):
    item = assessment_svc.assessment(request.hromada, assessment_id)
    return _confirm_delete(request, item, assessment_svc.delete, cancel=_assessment_url(item.pk),
                           done=reverse("programmes:assessment-list"), label=assessment_svc.label(item),
                           consequences=_("Its answers are deleted with it."))
