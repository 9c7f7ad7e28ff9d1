"""IT strategy pages: tree, progress (typed and live), management of every level, SWOT, filters, export,
permissions per persona, tenant isolation of every strategy / plan / assessment URL, the portal pages."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core import serializers
from django.urls import URLPattern, URLResolver
from django.utils import timezone, translation
from openpyxl import load_workbook

from hromada.core.metrics import REGISTRY
from hromada.core.models import AuditEntry, Department
from hromada.programmes import urls_strategy, urls_strategy_public
from hromada.programmes.models import (
    ActionPlan,
    ActionStep,
    Assessment,
    AssessmentAnswer,
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
from tests.factories import DepartmentFactory, InstitutionFactory, member

D = Decimal
STAFF = "/staff/programmes/"
PORTAL = "/programmes/"


# --- builders (through the services, so fixtures obey the same rules as users) -----------------------------


def build_strategy(hromada, actor, *, title="ІТ-стратегія 2021–2025", published=False, marker=""):
    """One direction, one goal, a result measured by hand (10 → 20, now 15: 50 %), a result bound to the
    count of institutions (0 → 4) with two steps, and one SWOT item."""
    unit, _created = Department.objects.get_or_create(hromada=hromada, name=f"{marker}Загальний відділ")
    strategy = svc.save_strategy(Strategy(title=f"{marker}{title}", start_year=2021, end_year=2025,
                                          is_published=published), actor=actor, hromada=hromada)
    direction = svc.save_direction(StrategicDirection(strategy=strategy, number=1, name=f"{marker}Залучення мешканців"),
                                   actor=actor, hromada=hromada)
    goal = svc.save_goal(StrategicGoal(direction=direction, code="I.I", name=f"{marker}Доступність ІТ"),
                         actor=actor, hromada=hromada)
    typed = svc.save_result(StrategyResult(goal=goal, text=f"{marker}Частка е-звернень 20 %", unit="%",
                                           baseline_value=D(10), target_value=D(20), current_value=D(15),
                                           current_as_of=date(2024, 12, 31), deadline=date(2025, 12, 31),
                                           deadline_text="До 2025 року", responsible_other="Секретар"),
                            actor=actor, hromada=hromada, departments=[unit])
    live = svc.save_result(StrategyResult(goal=goal, text=f"{marker}Чотири заклади в реєстрі", unit="од.",
                                          target_value=D(4), metric_key="core.institutions"),
                           actor=actor, hromada=hromada)
    for text in ("Провести аналіз", "Підключити заклади"):
        svc.save_step(ActionStep(result=live, text=f"{marker}{text}"), actor=actor, hromada=hromada)
    svc.save_swot_item(SwotItem(strategy=strategy, quadrant="strength", text=f"{marker}Активні депутати"),
                       actor=actor, hromada=hromada)
    return {"strategy": strategy, "direction": direction, "goal": goal, "typed": typed, "live": live, "unit": unit}


def build_plan(hromada, actor, *, published=False, marker=""):
    plan = svc.save_plan(ActionPlan(title=f"{marker}План дій 2024–2025", start_year=2024, end_year=2025,
                                    is_published=published), actor=actor, hromada=hromada)
    measure = svc.save_measure(PlanMeasure(plan=plan, number=1, name=f"{marker}Впровадження СЕД",
                                           period_text="Березень – Грудень 2024 року", start=date(2024, 3, 1),
                                           end=date(2024, 12, 31), completion_indicator="Безпаперовий документообіг"),
                               actor=actor, hromada=hromada)
    indicator = svc.save_plan_indicator(PlanIndicator(plan=plan, name=f"{marker}Кількість е-сервісів", unit="од.",
                                                      target=D(10), actual=D(3)), actor=actor, hromada=hromada)
    return {"plan": plan, "measure": measure, "indicator": indicator}


def build_assessment(hromada, actor):
    item = assessment_svc.start(actor=actor, hromada=hromada, methodology_key="it-self-audit", version="2020",
                                year=2020)
    return assessment_svc.save_answers(item, actor=actor, hromada=hromada,
                                       answers={"gov-ua-email": assessment_svc.AnswerInput(value=D(1))})


def login(client, hromada, role):
    user = member(hromada, role)
    client.force_login(user)
    return user


@pytest.fixture
def manager_a(hromada_a):
    return member(hromada_a, "programme_manager")


@pytest.fixture
def world_a(hromada_a, manager_a):
    return build_strategy(hromada_a, manager_a)


def _context_errors(response) -> dict:
    return {name: list(errors) for name, errors in response.context["form"].errors.items()}


# --- progress -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("baseline", "target", "current", "expected"), [
    (None, "100", "25", "25.0"),
    ("10", "20", "15", "50.0"),
    ("0", "10", "20", "100.0"),  # above the target: clamped
    ("10", "20", "5", "0.0"),  # below the baseline: clamped
    ("10", "5", "7", "60.0"),  # a target below the baseline (a value that should fall)
    ("0", "3", "1", "33.3"),
    ("1600", "2000", "1700", "25.0"),
    (None, None, "5", None),
    ("0", "10", None, None),
    ("5", "5", "5", "100.0"),  # keep the level: kept (the module's one rule, progress.share_of_way)
    ("5", "5", "6", None),
])
def test_progress_formula(baseline, target, current, expected):
    def dec(value):
        return None if value is None else D(value)

    result = svc.percent_of(dec(baseline), dec(target), dec(current))
    assert result == (None if expected is None else D(expected))


@pytest.mark.django_db
def test_typed_and_live_progress(hromada_a, hromada_b, world_a):
    InstitutionFactory.create_batch(2, hromada=hromada_a)
    InstitutionFactory.create_batch(5, hromada=hromada_b)  # another hromada's institutions do not count
    metrics = svc.MetricCache(hromada_a, date(2025, 5, 1))
    typed = svc.result_progress(world_a["typed"], metrics)
    assert (typed.percent, typed.current, typed.live, typed.as_of) == (D("50.0"), D(15), False, date(2024, 12, 31))
    live = svc.result_progress(world_a["live"], metrics)
    assert (live.percent, live.current, live.live, live.as_of) == (D("50.0"), D(2), True, date(2025, 5, 1))
    assert live.source == str(REGISTRY["core.institutions"].source)
    assert live.percent_attr == "50.0"


@pytest.mark.django_db
def test_tree_page_shows_progress_source_and_steps(client_a, hromada_a, world_a):
    InstitutionFactory.create_batch(2, hromada=hromada_a)
    login(client_a, hromada_a, "clerk")
    response = client_a.get(f"{STAFF}strategies/{world_a['strategy'].pk}/")
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count('<progress max="100" value="50.0"') == 2
    assert "50 %" in body
    assert "Загальний відділ; Секретар" in body
    assert "Провести аналіз" in body and "Активні депутати" in body
    assert timezone.localdate().strftime("%d.%m.%Y") in body, "a live value is shown with its date"
    assert '<svg role="img"' in body and "<table>" in body, "the chart has a table alternative"
    tree = response.context["tree"]
    assert [r.progress.percent for r in tree[0].goals[0].results] == [D("50.0"), D("50.0")]
    assert tree[0].average == D("50.0")


@pytest.mark.django_db
def test_filters_by_direction_and_responsible_unit(client_a, hromada_a, manager_a, world_a):
    other = svc.save_direction(StrategicDirection(strategy=world_a["strategy"], number=2, name="Послуги"),
                               actor=manager_a, hromada=hromada_a)
    goal = svc.save_goal(StrategicGoal(direction=other, code="II.I", name="ЦНАП"), actor=manager_a, hromada=hromada_a)
    svc.save_result(StrategyResult(goal=goal, text="Електронна черга"), actor=manager_a, hromada=hromada_a)
    client_a.force_login(manager_a)
    url = f"{STAFF}strategies/{world_a['strategy'].pk}/"

    def texts(**params):
        tree = client_a.get(url, params).context["tree"]
        return [r.result.text for d in tree for g in d.goals for r in g.results]

    assert len(texts()) == 3
    assert texts(direction=other.pk) == ["Електронна черга"]
    assert texts(department=world_a["unit"].pk) == ["Частка е-звернень 20 %"]
    assert texts(direction=other.pk, department=world_a["unit"].pk) == []
    assert len(texts(direction="junk", department="")) == 3, "an unusable filter is ignored"


# --- permissions per persona --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_anonymous_is_sent_to_sign_in(client_a, world_a):
    for url in (f"{STAFF}strategies/", f"{STAFF}strategies/{world_a['strategy'].pk}/", f"{STAFF}strategies/new/"):
        response = client_a.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/login/?next=")


@pytest.mark.django_db
def test_resident_is_refused(client_a, hromada_a, world_a):
    login(client_a, hromada_a, "resident")
    assert client_a.get(f"{STAFF}strategies/").status_code == 403
    assert client_a.get(f"{STAFF}strategies/{world_a['strategy'].pk}/").status_code == 403


@pytest.mark.django_db
def test_clerk_reads_but_cannot_change(client_a, hromada_a, world_a):
    login(client_a, hromada_a, "clerk")
    strategy = world_a["strategy"]
    assert client_a.get(f"{STAFF}strategies/").status_code == 200
    page = client_a.get(f"{STAFF}strategies/{strategy.pk}/")
    assert page.status_code == 200
    assert f"{STAFF}strategies/{strategy.pk}/edit/" not in page.content.decode(), "no edit links for a reader"
    before = AuditEntry.objects.count()
    assert client_a.post(f"{STAFF}strategies/new/", {"title": "Нова", "start_year": 2026,
                                                      "end_year": 2027}).status_code == 403
    assert client_a.post(f"{STAFF}strategies/{strategy.pk}/delete/").status_code == 403
    assert client_a.post(f"{STAFF}strategies/steps/{world_a['live'].steps.first().pk}/done/",
                         {"done": "1"}).status_code == 403
    assert Strategy.objects.count() == 1 and not ActionStep.objects.filter(is_done=True).exists()
    assert AuditEntry.objects.count() == before


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["programme_manager", "hromada_admin"])
def test_managers_create_edit_and_delete_with_confirmation(client_a, hromada_a, role):
    login(client_a, hromada_a, role)
    response = client_a.post(f"{STAFF}strategies/new/", {
        "title": "Стратегія цифрового розвитку", "start_year": "2026", "end_year": "2030",
        "approval_decision": "Рішення сесії № 5/12", "approval_date": "2025-12-20", "summary": "", "is_published": "on",
    })
    strategy = Strategy.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{STAFF}strategies/{strategy.pk}/"
    assert strategy.hromada == hromada_a and strategy.is_published
    edit = client_a.post(f"{STAFF}strategies/{strategy.pk}/edit/", {
        "title": "Стратегія цифрового розвитку", "start_year": "2026", "end_year": "2031",
    })
    assert edit.status_code == 302
    strategy.refresh_from_db()
    assert strategy.end_year == 2031 and not strategy.is_published
    confirm = client_a.get(f"{STAFF}strategies/{strategy.pk}/delete/")
    assert confirm.status_code == 200
    assert Strategy.objects.filter(pk=strategy.pk).exists(), "a GET must not delete"
    assert client_a.post(f"{STAFF}strategies/{strategy.pk}/delete/").status_code == 302
    assert not Strategy.objects.exists()
    assert list(AuditEntry.objects.filter(object_type="programmes.strategy").order_by("id")
                .values_list("action", flat=True)) == ["create", "update", "delete"]
    update = AuditEntry.objects.get(object_type="programmes.strategy", action="update")
    assert update.changes["end_year"] == [2030, 2031]


# --- validation: a clear message beside the field, nothing saved --------------------------------------------


@pytest.mark.django_db
def test_strategy_term_and_title_are_checked(client_a, hromada_a, manager_a, world_a):
    client_a.force_login(manager_a)
    before = AuditEntry.objects.count()
    backwards = client_a.post(f"{STAFF}strategies/new/", {"title": "Навпаки", "start_year": "2025", "end_year": "2021"})
    assert backwards.status_code == 400
    assert list(_context_errors(backwards)) == ["end_year"]
    twin = client_a.post(f"{STAFF}strategies/new/", {"title": world_a["strategy"].title, "start_year": "2021",
                                                      "end_year": "2025"})
    assert twin.status_code == 400 and list(_context_errors(twin)) == ["title"]
    junk = client_a.post(f"{STAFF}strategies/new/", {"title": "Сміття", "start_year": "двадцять", "end_year": "1999"})
    assert junk.status_code == 400 and set(_context_errors(junk)) == {"start_year", "end_year"}
    assert Strategy.objects.count() == 1
    assert AuditEntry.objects.count() == before


@pytest.mark.django_db
def test_direction_number_is_unique_in_the_strategy(client_a, manager_a, world_a):
    client_a.force_login(manager_a)
    url = f"{STAFF}strategies/{world_a['strategy'].pk}/directions/new/"
    assert client_a.get(url).context["form"].initial["number"] == 2, "the next free number is proposed"
    response = client_a.post(url, {"number": "1", "name": "Двійник"})
    assert response.status_code == 400
    assert list(_context_errors(response)) == ["number"]
    assert StrategicDirection.objects.count() == 1
    assert client_a.post(url, {"number": "2", "name": "Послуги"}).status_code == 302
    assert StrategicDirection.objects.count() == 2


@pytest.mark.django_db
def test_result_validation(client_a, hromada_a, hromada_b, manager_a, world_a):
    client_a.force_login(manager_a)
    url = f"{STAFF}strategies/goals/{world_a['goal'].pk}/results/new/"
    base = {"text": "Новий результат", "unit": "%", "baseline_value": "10", "target_value": "40", "order": "0"}
    foreign_unit = DepartmentFactory(hromada=hromada_b)
    cases = [
        ({"metric_key": "core.institutions", "current_value": "5"}, {"current_value"}),
        ({"metric_key": "no.such.metric"}, {"metric_key"}),
        ({"target_value": "10"}, {"target_value"}),  # target equal to the baseline: progress undefined
        ({"current_value": "abc"}, {"current_value"}),
        ({"current_value": "1,23456"}, {"current_value"}),  # more than three decimals
        ({"deadline": "2030-12-31"}, {"deadline"}),  # outside the strategy's term 2021–2025
        ({"departments": [foreign_unit.pk]}, {"departments"}),
        ({"text": ""}, {"text"}),
    ]
    before = (StrategyResult.objects.count(), AuditEntry.objects.count())
    for change, fields in cases:
        response = client_a.post(url, {**base, **change})
        assert response.status_code == 400, change
        assert set(_context_errors(response)) == fields, change
    assert (StrategyResult.objects.count(), AuditEntry.objects.count()) == before
    ok = client_a.post(url, {**base, "current_value": "12,5", "departments": [world_a["unit"].pk]})
    assert ok.status_code == 302
    created = StrategyResult.objects.get(text="Новий результат")
    assert created.current_value == D("12.5")
    assert created.current_as_of == timezone.localdate(), "a typed value is dated today unless told otherwise"
    assert list(created.departments.all()) == [world_a["unit"]]
    assert created.order == 3
    entry = AuditEntry.objects.get(action="create", object_type="programmes.strategyresult", object_id=created.pk)
    assert entry.changes["departments"] == [[], ["Загальний відділ"]]
    assert entry.hromada == hromada_a


@pytest.mark.django_db
def test_result_edit_form_shows_values_as_typed(client_a, manager_a, world_a):
    client_a.force_login(manager_a)
    body = client_a.get(f"{STAFF}strategies/results/{world_a['typed'].pk}/edit/").content.decode()
    assert 'value="15"' in body and 'value="15,000"' not in body


# --- steps --------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_steps_are_added_reordered_marked_done_and_deleted(client_a, manager_a, world_a):
    client_a.force_login(manager_a)
    result = world_a["live"]
    added = client_a.post(f"{STAFF}strategies/results/{result.pk}/steps/new/",
                          {"step-text": "Оголосити закупівлю", "step-deadline": "2024-06-30"})
    assert added.status_code == 302
    texts = lambda: list(result.steps.order_by("order", "pk").values_list("text", flat=True))  # noqa: E731
    assert texts() == ["Провести аналіз", "Підключити заклади", "Оголосити закупівлю"]
    last = result.steps.get(text="Оголосити закупівлю")
    assert client_a.post(f"{STAFF}strategies/steps/{last.pk}/move/", {"to": "up"}).status_code == 302
    assert texts() == ["Провести аналіз", "Оголосити закупівлю", "Підключити заклади"]
    first = result.steps.get(text="Провести аналіз")
    client_a.post(f"{STAFF}strategies/steps/{first.pk}/move/", {"to": "up"})  # already first: nothing moves
    client_a.post(f"{STAFF}strategies/steps/{first.pk}/move/", {"to": "down"})
    assert texts() == ["Оголосити закупівлю", "Провести аналіз", "Підключити заклади"]
    assert list(result.steps.order_by("order").values_list("order", flat=True)) == [1, 2, 3]
    assert client_a.get(f"{STAFF}strategies/steps/{first.pk}/move/").status_code == 405
    assert client_a.post(f"{STAFF}strategies/steps/{first.pk}/done/", {"done": "1"}).status_code == 302
    first.refresh_from_db()
    assert first.is_done
    page = client_a.get(f"{STAFF}strategies/results/{result.pk}/")
    assert page.context["row"].steps_done == 1
    out_of_term = client_a.post(f"{STAFF}strategies/results/{result.pk}/steps/new/",
                                {"step-text": "Запізно", "step-deadline": "2031-01-01"})
    assert out_of_term.status_code == 400 and list(_context_errors(out_of_term)) == ["deadline"]
    assert client_a.get(f"{STAFF}strategies/steps/{first.pk}/delete/").status_code == 200
    assert client_a.post(f"{STAFF}strategies/steps/{first.pk}/delete/").status_code == 302
    assert texts() == ["Оголосити закупівлю", "Підключити заклади"]


@pytest.mark.django_db
def test_goal_and_direction_delete_cascade_after_confirmation(client_a, manager_a, world_a):
    client_a.force_login(manager_a)
    confirm = client_a.get(f"{STAFF}strategies/directions/{world_a['direction'].pk}/delete/")
    assert confirm.status_code == 200
    assert "2" in confirm.context["consequences"]
    assert StrategyResult.objects.count() == 2
    client_a.post(f"{STAFF}strategies/directions/{world_a['direction'].pk}/delete/")
    assert not StrategicGoal.objects.exists() and not StrategyResult.objects.exists()
    assert not ActionStep.objects.exists()


@pytest.mark.django_db
def test_swot_quadrants(client_a, manager_a, world_a):
    client_a.force_login(manager_a)
    strategy = world_a["strategy"]
    url = f"{STAFF}strategies/{strategy.pk}/swot/new/"
    assert client_a.get(url, {"quadrant": "threat"}).context["form"].initial.get("quadrant") in (None, "threat")
    assert client_a.post(url, {"quadrant": "threat", "text": "Нестабільні податки", "order": "0"}).status_code == 302
    bad = client_a.post(url, {"quadrant": "nonsense", "text": "Х", "order": "0"})
    assert bad.status_code == 400 and list(_context_errors(bad)) == ["quadrant"]
    quadrants = {key: [i.text for i in items] for key, _label, items in svc.swot(strategy)}
    assert quadrants == {"strength": ["Активні депутати"], "weakness": [], "opportunity": [],
                         "threat": ["Нестабільні податки"]}


# --- export -------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_xlsx_export_of_results_and_steps(client_a, hromada_a, world_a):
    login(client_a, hromada_a, "clerk")
    response = client_a.get(f"{STAFF}strategies/{world_a['strategy'].pk}/export.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    with translation.override("uk"):
        results_title, steps_title = str(translation.gettext("Expected results")), translation.gettext("Action steps")
        result_header, step_header = svc.result_header(), svc.step_header()
    assert book.sheetnames == [results_title[:31], steps_title[:31]]
    results = list(book[results_title[:31]].iter_rows(values_only=True))
    steps = list(book[steps_title[:31]].iter_rows(values_only=True))
    assert list(results[0]) == result_header
    assert list(steps[0]) == step_header
    assert len(result_header) == 16 and len(step_header) == 7
    assert results[1][3] == "Частка е-звернень 20 %"
    assert results[1][5:8] == (10, 20, 15), "numbers stay numbers"
    assert results[1][10] == 50
    assert [row[4] for row in steps[1:]] == ["Провести аналіз", "Підключити заклади"]
    assert AuditEntry.objects.filter(action="export", object_type="programmes.strategy").count() == 1
    filtered = client_a.get(f"{STAFF}strategies/{world_a['strategy'].pk}/export.xlsx",
                            {"department": world_a["unit"].pk})
    rows = list(load_workbook(io.BytesIO(filtered.content))[results_title[:31]].iter_rows(values_only=True))
    assert len(rows) == 2, "the export follows the filters"


# --- tenant isolation of every URL of the module ------------------------------------------------------------


def _walk(patterns, prefix):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


def _b_state(hromada_b):
    rows = []
    for model, lookup in ((Strategy, "hromada"), (StrategicDirection, "strategy__hromada"),
                          (StrategicGoal, "direction__strategy__hromada"),
                          (StrategyResult, "goal__direction__strategy__hromada"),
                          (ActionStep, "result__goal__direction__strategy__hromada"), (SwotItem, "strategy__hromada"),
                          (ActionPlan, "hromada"), (PlanMeasure, "plan__hromada"), (PlanIndicator, "plan__hromada"),
                          (Assessment, "hromada"), (AssessmentAnswer, "assessment__hromada")):
        rows.append(serializers.serialize("json", model.objects.filter(**{lookup: hromada_b}).order_by("pk")))
    return rows


@pytest.mark.django_db
def test_staff_of_a_cannot_reach_b_through_any_strategy_url(client_a, hromada_a, hromada_b, admin_a):
    b_admin = member(hromada_b, "hromada_admin")
    b = build_strategy(hromada_b, b_admin, marker="ЛИШЕБ ", published=True)
    b_plan = build_plan(hromada_b, b_admin, marker="ЛИШЕБ ", published=True)
    b_assessment = build_assessment(hromada_b, b_admin)
    build_strategy(hromada_a, admin_a)  # A has its own records, so its pages are not trivially empty
    values = {
        "strategy_id": b["strategy"].pk, "strategic_direction_id": b["direction"].pk,
        "strategic_goal_id": b["goal"].pk, "strategy_result_id": b["live"].pk,
        "strategy_step_id": b["live"].steps.first().pk, "swot_item_id": b["strategy"].swot.first().pk,
        "action_plan_id": b_plan["plan"].pk, "plan_measure_id": b_plan["measure"].pk,
        "plan_indicator_id": b_plan["indicator"].pk, "assessment_id": b_assessment.pk,
    }
    client_a.force_login(admin_a)
    before, audit_before = _b_state(hromada_b), AuditEntry.objects.filter(hromada=hromada_b).count()
    routes = [*_walk(urls_strategy.urlpatterns, STAFF[1:]), *_walk(urls_strategy_public.urlpatterns, PORTAL[1:])]
    checked = 0
    payload = {"title": "ЗЛАМ", "name": "ЗЛАМ", "text": "ЗЛАМ", "number": "9", "start_year": "2021",
               "end_year": "2025", "done": "1", "to": "up", "quadrant": "threat", "code": "X", "year": "2021"}
    for route in routes:
        url = "/" + route
        for name, value in values.items():
            url = url.replace(f"<int:{name}>", str(value))
        assert "<" not in url, f"unknown parameter in {route}"
        has_object = any(f"<int:{name}>" in route for name in values)
        for method in ("get", "post"):
            response = getattr(client_a, method)(url, payload)
            checked += 1
            assert "ЛИШЕБ" not in response.content.decode("utf-8", "replace"), f"{method} {url} shows B's data"
            if has_object:
                assert response.status_code in {404, 405}, f"{method.upper()} {url} → {response.status_code}"
    assert checked == 2 * len(routes) and checked > 80
    assert _b_state(hromada_b) == before, "a request of A's staff changed B's records"
    assert AuditEntry.objects.filter(hromada=hromada_b).count() == audit_before


@pytest.mark.django_db
def test_services_refuse_another_hromadas_records(hromada_a, hromada_b, manager_a):
    from django.core.exceptions import PermissionDenied

    b = build_strategy(hromada_b, member(hromada_b, "programme_manager"))
    with pytest.raises(PermissionDenied):
        svc.delete_strategy(b["strategy"], actor=manager_a, hromada=hromada_a)
    with pytest.raises(PermissionDenied):
        svc.set_step_done(b["live"].steps.first(), actor=manager_a, hromada=hromada_a, done=True)
    foreign_unit = DepartmentFactory(hromada=hromada_b)
    a = build_strategy(hromada_a, manager_a)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        svc.save_result(a["typed"], actor=manager_a, hromada=hromada_a, departments=[foreign_unit])
    assert "departments" in error.value.message_dict
    assert Strategy.objects.filter(hromada=hromada_b).exists()


# --- portal -------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_portal_shows_only_published_strategies(client_a, hromada_a, hromada_b, manager_a):
    published = build_strategy(hromada_a, manager_a, published=True)
    hidden = build_strategy(hromada_a, manager_a, title="Чернетка стратегії")
    b = build_strategy(hromada_b, member(hromada_b, "programme_manager"), published=True, marker="ЛИШЕБ ")
    listing = client_a.get(f"{PORTAL}strategies/")
    assert listing.status_code == 200
    body = listing.content.decode()
    assert published["strategy"].title in body
    assert "Чернетка стратегії" not in body and "ЛИШЕБ" not in body
    page = client_a.get(f"{PORTAL}strategies/{published['strategy'].pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "<progress" in text and '<svg role="img"' in text and "<table>" in text
    assert "Активні депутати" in text, "the SWOT analysis is public"
    assert manager_a.full_name not in text and manager_a.email not in text, "no personal data on the portal"
    assert f"{STAFF}" not in text, "no staff links on the portal"
    assert client_a.get(f"{PORTAL}strategies/{hidden['strategy'].pk}/").status_code == 404
    assert client_a.get(f"{PORTAL}strategies/{b['strategy'].pk}/").status_code == 404
    assert client_a.get(f"{PORTAL}strategies/999999/").status_code == 404


@pytest.mark.django_db
def test_goal_without_order_goes_last_and_huge_numbers_are_refused(client_a, manager_a, world_a):
    client_a.force_login(manager_a)
    url = f"{STAFF}strategies/directions/{world_a['direction'].pk}/goals/new/"
    assert client_a.post(url, {"code": "I.II", "name": "Е-сервіси", "order": ""}).status_code == 302
    assert list(StrategicGoal.objects.order_by("order").values_list("code", "order")) == [("I.I", 1), ("I.II", 2)]
    twin = client_a.post(url, {"code": "I.II", "name": "Двійник"})
    assert twin.status_code == 400 and list(_context_errors(twin)) == ["code"]
    huge = client_a.post(f"{STAFF}strategies/{world_a['strategy'].pk}/directions/new/",
                         {"number": "99999999", "name": "Завеликий"})
    assert huge.status_code == 400 and list(_context_errors(huge)) == ["number"]
    assert StrategicGoal.objects.count() == 2 and StrategicDirection.objects.count() == 1


@pytest.mark.django_db
def test_result_form_offers_the_live_metrics(client_a, manager_a, world_a):
    client_a.force_login(manager_a)
    form = client_a.get(f"{STAFF}strategies/goals/{world_a['goal'].pk}/results/new/").context["form"]
    offered = {value for value, _label in form.fields["metric_key"].choices}
    assert {"", "core.institutions", "core.resident_accounts"} <= offered
    assert set(form.fields["departments"].queryset) == {world_a["unit"]}, "only this hromada's units"
