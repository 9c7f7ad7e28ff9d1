"""The demo loaders: the Mohyliv strategy and 2020 self-audit, the Slobozhanska action plan; counts, idempotence,
responsible units, the live metric binding, publication."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.db.models import Count

from hromada.core.demo.data import MOHYLIV, SLOBOZHANSKA
from hromada.core.metrics import REGISTRY
from hromada.core.models import AuditEntry, Department, Hromada
from hromada.programmes import demo_strategy
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
from tests.factories import DepartmentFactory, HromadaFactory, member


def _demo_hromada(spec: dict) -> Hromada:
    """The demo hromada with its units, as the core demo seed makes it (without running the whole seed)."""
    hromada = HromadaFactory(name=spec["name"], short_name=spec["short_name"], katottg=spec["katottg"],
                             host=spec["hosts"][0])
    for name, short_name in spec["departments"]:
        Department.objects.create(hromada=hromada, name=name, short_name=short_name)
    return hromada


@pytest.fixture
def demo(db):
    mohyliv, slobozhanska = _demo_hromada(MOHYLIV), _demo_hromada(SLOBOZHANSKA)
    reports = {
        "strategy": demo_strategy.seed_strategy(mohyliv, demo_strategy.MOHYLIV_STRATEGY),
        "audit": demo_strategy.seed_self_audit(mohyliv, demo_strategy.MOHYLIV_STRATEGY),
        "plan": demo_strategy.seed_action_plan(slobozhanska, demo_strategy.SLOBOZHANSKA_PLAN),
    }
    return mohyliv, slobozhanska, reports


def _counts():
    return {model.__name__: model.objects.count() for model in (
        Strategy, StrategicDirection, StrategicGoal, StrategyResult, ActionStep, SwotItem, ActionPlan, PlanMeasure,
        PlanIndicator, Assessment, AssessmentAnswer)}


@pytest.mark.django_db
def test_counts(demo):
    _mohyliv, _slobozhanska, reports = demo
    assert reports["strategy"] == {"strategies": 1, "directions": 5, "goals": 13, "results": 22, "steps": 129,
                                   "swot items": 29}
    assert reports["plan"] == {"plans": 1, "measures": 10, "key indicators": 9}
    assert reports["audit"] == {"assessments": 1, "answers": 25}
    assert _counts() == {"Strategy": 1, "StrategicDirection": 5, "StrategicGoal": 13, "StrategyResult": 22,
                         "ActionStep": 129, "SwotItem": 29, "ActionPlan": 1, "PlanMeasure": 10, "PlanIndicator": 9,
                         "Assessment": 1, "AssessmentAnswer": 25}


@pytest.mark.django_db
def test_second_run_creates_nothing(demo):
    mohyliv, slobozhanska, _reports = demo
    before, audit_before = _counts(), AuditEntry.objects.count()
    assert demo_strategy.seed_strategy(mohyliv) == {}
    assert demo_strategy.seed_self_audit(mohyliv) == {}
    assert demo_strategy.seed_action_plan(slobozhanska) == {}
    assert _counts() == before
    assert AuditEntry.objects.count() == audit_before, "nothing created, nothing logged"


@pytest.mark.django_db
def test_a_removed_row_is_restored_and_edits_are_kept(demo):
    mohyliv, _slobozhanska, _reports = demo
    strategy = Strategy.objects.get()
    strategy.summary = "Змінено працівником"
    strategy.save()
    ActionStep.objects.filter(result__goal__code="I.I", order=2).delete()
    assert demo_strategy.seed_strategy(mohyliv) == {"steps": 3}  # the three results of goal I.I lost step 2
    strategy.refresh_from_db()
    assert strategy.summary == "Змінено працівником"


@pytest.mark.django_db
def test_tree_contents_and_nulls_become_empty_strings(demo):
    mohyliv, _slobozhanska, _reports = demo
    strategy = Strategy.objects.get(hromada=mohyliv)
    assert (strategy.title, strategy.start_year, strategy.end_year) == (
        "Стратегія розвитку ІТ-сфери в Могилівській ТГ", 2021, 2025)
    assert list(strategy.directions.values_list("number", flat=True)) == [1, 2, 3, 4, 5]
    site = StrategyResult.objects.get(text__startswith="Аудиторія сайту ТГ")
    assert (site.baseline_value, site.target_value, site.unit) == (Decimal(1600), Decimal(2000), "осіб")
    budget = StrategyResult.objects.get(text="Провести Бюджет участі на платформі Громадський проект")
    assert (budget.unit, budget.target_value) == ("", None)
    licences = StrategyResult.objects.get(text="Придбання ліцензійного програмного забезпечення")
    assert (licences.deadline_text, licences.deadline, licences.responsible_other) == ("", None, "")
    steps = list(site.steps.order_by("order").values_list("order", flat=True))
    assert steps == [1, 2, 3, 4, 5]
    assert dict(SwotItem.objects.order_by().values_list("quadrant").annotate(n=Count("pk"))) == {
        "strength": 12, "weakness": 5, "opportunity": 7, "threat": 5}


@pytest.mark.django_db
def test_responsible_units_are_matched_to_departments(demo):
    mohyliv, slobozhanska, _reports = demo

    def units(text):
        result = StrategyResult.objects.get(text__startswith=text)
        return sorted(d.name for d in result.departments.all()), result.responsible_other

    assert units("35% звернень") == (["Загальний відділ"], "")
    assert units("Підключено більше ніж 100%") == (
        ["Відділ освіти, культури, молоді та спорту", "Фінансовий відділ"], "")
    assert units("Створено 5 нових зон") == (
        ["Відділ освіти, культури, молоді та спорту", "Фінансовий відділ"], "Старости; Керівники комунальних закладів")
    # «Відділ ЦНАП ВК» in the document:
    assert units("Впроваджено автоматизовану") == (["Відділ «Центр надання адміністративних послуг»"], "")
    assert units("Створено 5 відеоуроків") == (["Відділ освіти, культури, молоді та спорту"], "Секретар; Заступники")
    assert units("Створити портал відкритих геоданих") == (["Відділ земельних ресурсів та екології"], "")
    assert units("Зона покриття Інтернет") == ([], "Виконком")
    assert all(d.hromada == mohyliv for r in StrategyResult.objects.all() for d in r.departments.all())
    cnap = PlanMeasure.objects.get(number=9)
    assert [d.name for d in cnap.departments.all()] == ["Відділ «Центр надання адміністративних послуг»"]
    assert cnap.departments.get().hromada == slobozhanska
    assert cnap.responsible_other == "Виконавчий комітет Слобожанської селищної ради"
    first = PlanMeasure.objects.get(number=1)
    assert not first.departments.exists()
    assert first.responsible_other == "Виконавчий комітет Слобожанської селищної ради; виконавчі органи"


@pytest.mark.django_db
def test_department_matching_rules(hromada_a):
    names = ["Загальний відділ", "Фінансовий відділ", "Відділ культури", "Відділ земельних ресурсів та екології",
             "Відділ «Центр надання адміністративних послуг»"]
    units = [DepartmentFactory(hromada=hromada_a, name=n, short_name="ЦНАП" if "Центр" in n else "") for n in names]
    by = {d.name: d for d in units}
    match = demo_strategy.match_department
    assert match("фінансовий  відділ.", units) == by["Фінансовий відділ"]
    assert match("Відділ ЦНАП ВК", units) == by["Відділ «Центр надання адміністративних послуг»"]
    assert match("центр надання адміністративних послуг", units) == by["Відділ «Центр надання адміністративних послуг»"]
    assert match("Начальник відділу екології, земельних ресурсів, житлово-комунального господарства", units) == by[
        "Відділ земельних ресурсів та екології"]
    # A one-word department does not swallow a longer unit that merely mentions its word.
    assert match("Відділ освіти, культури, молоді та спорту", units) is None
    assert match("Секретар", units) is None and match("Виконком", units) is None and match("", units) is None


@pytest.mark.django_db
def test_one_result_is_bound_to_a_live_metric(demo):
    bound = StrategyResult.objects.exclude(metric_key="")
    assert list(bound.values_list("text", "metric_key")) == [
        ("100 активних користувачів сервісом Е –Петиції (та іншими сервісами)", "core.resident_accounts")]
    assert all(key in REGISTRY for key in bound.values_list("metric_key", flat=True))
    assert bound.get().current_value is None, "a live result has no typed value"


@pytest.mark.django_db
def test_self_audit_is_final_with_the_documented_score(demo):
    mohyliv, _slobozhanska, _reports = demo
    audit = Assessment.objects.get(hromada=mohyliv)
    assert (audit.methodology, audit.methodology_version, audit.year, audit.is_final) == (
        "it-self-audit", "2020", 2020, True)
    assert audit.score == Decimal("52.00")  # 13 of 25 items in use; «vacancies» left unanswered counts 0
    vacancies = audit.answers.get(indicator_key="job-vacancies")
    assert (vacancies.value, vacancies.evidence_url, vacancies.comment) == (
        None, "https://mogylivskaotg.gov.ua/jobs", "")
    email = audit.answers.get(indicator_key="gov-ua-email")
    assert (email.value, email.evidence_url, email.comment) == (Decimal(1), "", "Перебої в роботі скриньки")


@pytest.mark.django_db
def test_plan_contents_and_publication(client, demo):
    _mohyliv, slobozhanska, _reports = demo
    plan = ActionPlan.objects.get(hromada=slobozhanska)
    assert (plan.decision_number, str(plan.decision_date), plan.is_published) == ("154", "2024-03-28", True)
    assert plan.measures.get(number=5).period_text == "Березень – Серпень 2024 року"
    assert plan.indicators.order_by("order").first().unit == "кількість"
    strategy = Strategy.objects.get()
    assert strategy.is_published
    page = client.get(f"/programmes/strategies/{strategy.pk}/", HTTP_HOST="mohyliv.localhost")
    assert page.status_code == 200 and "Залучення мешканців" in page.content.decode()
    assert client.get(f"/programmes/plans/{plan.pk}/", HTTP_HOST="slobozhanska.localhost").status_code == 200
    assert client.get(f"/programmes/plans/{plan.pk}/", HTTP_HOST="mohyliv.localhost").status_code == 404


@pytest.mark.django_db
def test_staff_pages_of_the_demo_render(client, demo):
    mohyliv, _slobozhanska, _reports = demo
    client.force_login(member(mohyliv, "programme_manager"))
    strategy = Strategy.objects.get()
    for url in ("/staff/programmes/strategies/", f"/staff/programmes/strategies/{strategy.pk}/",
                f"/staff/programmes/strategies/{strategy.pk}/export.xlsx", "/staff/programmes/assessments/",
                f"/staff/programmes/assessments/{Assessment.objects.get().pk}/"):
        assert client.get(url, HTTP_HOST="mohyliv.localhost").status_code == 200, url


def test_wrong_schema_is_refused(tmp_path):
    path = tmp_path / "plan.json"
    path.write_text(json.dumps({"schema": "hromada.strategy/1"}), encoding="utf-8")
    with pytest.raises(demo_strategy.DemoDataError, match=r"plan\.json: schema must be 'hromada\.action-plan/1'"):
        demo_strategy.seed_action_plan(None, path)


@pytest.mark.django_db
def test_units_of_another_hromada_are_never_used(hromada_a, hromada_b):
    DepartmentFactory(hromada=hromada_b, name="Фінансовий відділ")
    demo_strategy.seed_strategy(hromada_a)
    assert not Department.objects.filter(hromada=hromada_b, pk__in=StrategyResult.departments.through.objects
                                         .values("department_id")).exists()
