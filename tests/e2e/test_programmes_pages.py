"""axe-core (WCAG 2.1 A/AA) and page structure on every page of the programmes app, with the demo data.

Pages are named by URL name, so a new page of the app fails `test_every_programmes_page_is_listed` until it
is added here.
"""

from __future__ import annotations

import pytest
from django.urls import get_resolver, reverse

from tests.e2e.conftest import assert_no_axe_violations, shared_extra, sign_in
from tests.e2e.test_accessibility import assert_page_structure, check

pytestmark = pytest.mark.browser

MOHYLIV = "UA12020110000034205"
MANAGER = "programme@mohyliv.example"

# URL name → the demo objects its parameters name (resolved after seeding).
STAFF = {
    "list": {}, "detail": {"pk": "programme"}, "passport": {"pk": "amended"}, "sections": {"pk": "amended"},
    "directions": {"pk": "programme"}, "tasks": {"pk": "programme"}, "task-create": {"pk": "amended"},
    "task-edit": {"pk": "amended", "task_pk": "amended_task"},
    "task-delete": {"pk": "amended", "task_pk": "amended_task"},
    "direction-delete": {"pk": "amended", "direction_pk": "amended_direction"},
    "indicators": {"pk": "programme"}, "indicator-create": {"pk": "amended"},
    "indicator-edit": {"pk": "amended", "indicator_pk": "amended_indicator"},
    "indicator-actual": {"pk": "programme", "indicator_pk": "indicator"},
    "indicator-delete": {"pk": "amended", "indicator_pk": "amended_indicator"},
    "version": {"pk": "programme", "number": "one"}, "monitoring": {"pk": "programme"},
    "period": {"pk": "programme", "period_pk": "period"},
    "unit-report": {"pk": "programme", "period_pk": "open_period", "report_pk": "open_report"},
    "annual": {"pk": "programme", "year": "year"},
    "strategy-list": {}, "strategy-create": {}, "strategy-detail": {"strategy_id": "strategy"},
    "strategy-edit": {"strategy_id": "strategy"}, "strategy-delete": {"strategy_id": "strategy"},
    "strategy-direction-create": {"strategy_id": "strategy"},
    "strategy-direction-edit": {"strategic_direction_id": "s_direction"},
    "strategy-direction-delete": {"strategic_direction_id": "s_direction"},
    "strategy-goal-create": {"strategic_direction_id": "s_direction"},
    "strategy-goal-edit": {"strategic_goal_id": "s_goal"},
    "strategy-goal-delete": {"strategic_goal_id": "s_goal"},
    "strategy-result-create": {"strategic_goal_id": "s_goal"},
    "strategy-result-detail": {"strategy_result_id": "s_result"},
    "strategy-result-edit": {"strategy_result_id": "s_result"},
    "strategy-result-delete": {"strategy_result_id": "s_result"},
    "strategy-step-create": {"strategy_result_id": "s_result"},
    "strategy-step-edit": {"strategy_step_id": "s_step"},
    "strategy-step-delete": {"strategy_step_id": "s_step"},
    "strategy-swot-create": {"strategy_id": "strategy"},
    "strategy-swot-edit": {"swot_item_id": "swot"},
    "strategy-swot-delete": {"swot_item_id": "swot"},
    "plan-list": {}, "assessment-list": {}, "assessment-create": {},
    "assessment-detail": {"assessment_id": "assessment"}, "assessment-answers": {"assessment_id": "draft_assessment"},
    "assessment-delete": {"assessment_id": "draft_assessment"},
}
PUBLIC = {"list": {}, "detail": {"pk": "programme"}, "strategy-list": {},
          "strategy-detail": {"strategy_id": "strategy"}, "plan-list": {}}
# Downloads, POST-only actions and pages of the other hromada (checked on the Slobozhanska host below).
NOT_PAGES = {"document", "annex", "annual-document", "transition", "snapshots", "unit-report-return",
             "strategy-export", "plan-export", "strategy-step-move", "strategy-step-done", "assessment-finalise"}
SLOBOZHANSKA_STAFF = {"plan-detail", "plan-create", "plan-edit", "plan-delete", "plan-measure-create",
                      "plan-measure-edit", "plan-measure-delete", "plan-indicator-create", "plan-indicator-edit",
                      "plan-indicator-delete"}


def _names(namespace: str) -> set[str]:
    resolver = get_resolver()
    return {name for name in resolver.namespace_dict[namespace][1].reverse_dict if isinstance(name, str)}


def test_every_programmes_page_is_listed():
    assert _names("programmes") == set(STAFF) | NOT_PAGES | SLOBOZHANSKA_STAFF
    assert _names("programmes_public") == set(PUBLIC) | {"plan-detail", "document", "annex"}


def _objects() -> dict[str, object]:
    """The demo's programme plus an amendment draft to reach the edit pages, and the strategy objects."""
    from hromada.core.models import Hromada, User
    from hromada.programmes.models import Assessment, MonitoringPeriod, Programme, Strategy, UnitReport
    from hromada.programmes.services import monitoring
    from tests.programmes.builders import draft_programme

    hromada = Hromada.objects.get(katottg=MOHYLIV)
    actor = User.objects.get(email=MANAGER)
    programme = Programme.objects.get(hromada=hromada)
    monitoring.consolidate_year(programme, actor=actor, hromada=hromada, year=2026)
    open_period = monitoring.open_period(programme, actor=actor, hromada=hromada, kind="quarter", year=2026,
                                         quarter=3)
    amended = draft_programme(hromada, actor)
    strategy = Strategy.objects.get(hromada=hromada)
    result = strategy.directions.first().goals.first().results.first()
    draft_assessment = Assessment.objects.create(hromada=hromada, methodology="digital-index",
                                                 methodology_version="2025", year=2026)
    return {
        "programme": programme.pk, "amended": amended.pk, "amended_task": amended.tasks.first().pk,
        "amended_direction": amended.directions.last().pk, "amended_indicator": amended.indicators.first().pk,
        "indicator": programme.indicators.exclude(metric_key__gt="").first().pk, "one": 1, "year": 2026,
        "period": MonitoringPeriod.objects.filter(programme=programme, quarter=2).get().pk,
        "open_period": open_period.pk, "open_report": UnitReport.objects.filter(period=open_period).first().pk,
        "strategy": strategy.pk, "s_direction": strategy.directions.first().pk,
        "s_goal": strategy.directions.first().goals.first().pk, "s_result": result.pk,
        "s_step": result.steps.first().pk, "swot": strategy.swot.first().pk,
        "assessment": Assessment.objects.get(hromada=hromada, methodology="it-self-audit").pk,
        "draft_assessment": draft_assessment.pk,
    }


def _url(namespace: str, name: str, params: dict, objects: dict) -> str:
    return reverse(f"{namespace}:{name}", kwargs={key: objects[value] for key, value in params.items()})


@pytest.fixture
def objects(shared_demo) -> dict[str, object]:
    """`_objects()` on the shared demo: built once for the module's page tests, which only read them."""
    return shared_extra("programmes", _objects)


@pytest.mark.parametrize("name", list(STAFF), ids=list(STAFF))
def test_staff_programmes_page(shared_demo, objects, context, page, name):
    sign_in(context, shared_demo.url, MANAGER)
    check(page, shared_demo.url + _url("programmes", name, STAFF[name], objects))


@pytest.mark.parametrize("name", list(PUBLIC), ids=list(PUBLIC))
def test_public_programmes_page(shared_demo, objects, page, name):
    check(page, shared_demo.url + _url("programmes_public", name, PUBLIC[name], objects))


def test_slobozhanska_action_plan_pages(shared_demo, context, page):
    """The action plan lives in Slobozhanska: its staff and portal pages, one browser session."""
    from hromada.programmes.models import ActionPlan

    demo = shared_demo
    plan = ActionPlan.objects.get()
    ids = {"action_plan_id": plan.pk}
    measure, indicator = plan.measures.first().pk, plan.indicators.first().pk
    check(page, demo.slobozhanska_url + reverse("programmes_public:plan-detail", kwargs=ids))
    sign_in(context, demo.slobozhanska_url, "admin@slobozhanska.example")
    for name, extra in (("plan-detail", {}), ("plan-create", None), ("plan-edit", {}), ("plan-delete", {}),
                        ("plan-measure-create", {}), ("plan-measure-edit", {"plan_measure_id": measure}),
                        ("plan-measure-delete", {"plan_measure_id": measure}), ("plan-indicator-create", {}),
                        ("plan-indicator-edit", {"plan_indicator_id": indicator}),
                        ("plan-indicator-delete", {"plan_indicator_id": indicator})):
        kwargs = None if extra is None else (extra or ids)
        check(page, demo.slobozhanska_url + reverse(f"programmes:{name}", kwargs=kwargs))


def test_passport_with_financing_that_does_not_add_up(demo, context, page):
    """The error is announced in the summary, shown beside the year's total, and nothing is saved."""
    sign_in(context, demo.url, MANAGER)
    objects = _objects()
    page.goto(demo.url + reverse("programmes:passport", kwargs={"pk": objects["amended"]}))
    page.fill("#id_financing-2026-total", "999")
    with page.expect_navigation() as navigation:
        page.locator("main form.record-form button[type=submit]").click()
    assert navigation.value.status == 400
    summary = page.locator("main .error-summary[role=alert]")
    assert summary.is_visible() and "999" in summary.inner_text()
    assert page.locator("td.has-error #id_financing-2026-total").count() == 1
    assert_page_structure(page)
    assert_no_axe_violations(page, "passport with a financing error")


def test_an_unopened_quarter_is_flagged_and_a_lower_running_total_explained(demo, context, page):
    """The monitoring page flags a quarter that ended unopened; the quarter opened, a unit's form starts from the
    previous quarter's totals, and a lower one is refused with the task named (axe on both states)."""
    from hromada.programmes.models import MonitoringPeriod, Programme
    from hromada.programmes.services import monitoring

    sign_in(context, demo.url, MANAGER)
    objects = _objects()
    MonitoringPeriod.objects.filter(pk=objects["open_period"]).delete()
    programme = Programme.objects.get(pk=objects["programme"])
    unopened = monitoring.unopened_periods(programme)
    if not unopened:
        pytest.skip("the demo programme has no ended quarter without a period today")
    page.goto(demo.url + reverse("programmes:monitoring", kwargs={"pk": programme.pk}))
    assert page.locator("#unopened-title").is_visible()
    assert_page_structure(page)
    assert_no_axe_violations(page, "monitoring with a quarter ended unopened")
    with page.expect_navigation():
        page.get_by_role("button", name=f"Відкрити {unopened[0]}").click()
    period = MonitoringPeriod.objects.get(programme=programme, kind=unopened[0].kind, year=unopened[0].year,
                                          quarter=unopened[0].quarter)
    report = next(r for r in period.reports.all() if monitoring.previous_progress(r))
    task_id = next(iter(monitoring.previous_progress(report)))
    page.goto(demo.url + reverse("programmes:unit-report", args=[programme.pk, period.pk, report.pk]))
    field = page.locator(f"#id_task-{task_id}-actual_local")
    if field.input_value() in ("0,000", ""):
        pytest.skip("the task's previous total is zero: nothing to lower")
    field.fill("0")
    with page.expect_navigation() as navigation:
        page.locator("main form.record-form button[name=submit]").click()
    assert navigation.value.status == 400
    summary = page.locator("main .error-summary[role=alert]")
    assert summary.is_visible() and "Уточнення" in summary.inner_text()
    assert_page_structure(page)
    assert_no_axe_violations(page, "unit report with a lower running total")
