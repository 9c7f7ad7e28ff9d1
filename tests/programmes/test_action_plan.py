"""Action plans: measures and key indicators managed by staff, validation, live indicators, export, portal."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation
from openpyxl import load_workbook

from hromada.core.models import AuditEntry
from hromada.programmes.models import ActionPlan, PlanIndicator, PlanMeasure
from hromada.programmes.services import strategy as svc
from tests.factories import DepartmentFactory, InstitutionFactory, member
from tests.programmes.test_strategy import PORTAL, STAFF, build_plan, login

D = Decimal


@pytest.fixture
def manager_a(hromada_a):
    return member(hromada_a, "programme_manager")


@pytest.fixture
def plan_a(hromada_a, manager_a):
    return build_plan(hromada_a, manager_a)


def _errors(response) -> set[str]:
    return set(response.context["form"].errors)


MEASURE = {"number": "2", "name": "Гаряча лінія", "responsible_other": "Виконавчий комітет",
           "period_text": "Березень – Серпень 2024 року", "start": "2024-03-01", "end": "2024-08-31",
           "completion_indicator": "Старт роботи лінії", "status": "in_progress"}


@pytest.mark.django_db
def test_personas(client_a, hromada_a, plan_a):
    plan = plan_a["plan"]
    anonymous = client_a.get(f"{STAFF}plans/{plan.pk}/")
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/login/")
    login(client_a, hromada_a, "resident")
    assert client_a.get(f"{STAFF}plans/").status_code == 403
    login(client_a, hromada_a, "clerk")
    assert client_a.get(f"{STAFF}plans/").status_code == 200
    assert client_a.get(f"{STAFF}plans/{plan.pk}/").status_code == 200
    assert client_a.post(f"{STAFF}plans/{plan.pk}/measures/new/", MEASURE).status_code == 403
    assert client_a.post(f"{STAFF}plans/measures/{plan_a['measure'].pk}/delete/").status_code == 403
    assert PlanMeasure.objects.count() == 1
    for role in ("programme_manager", "hromada_admin"):
        login(client_a, hromada_a, role)
        number = str(PlanMeasure.objects.count() + 1)
        assert client_a.post(f"{STAFF}plans/{plan.pk}/measures/new/", {**MEASURE, "number": number}).status_code == 302
    assert PlanMeasure.objects.count() == 3


@pytest.mark.django_db
def test_plan_create_edit_delete(client_a, manager_a):
    client_a.force_login(manager_a)
    response = client_a.post(f"{STAFF}plans/new/", {
        "title": "План дій з е-урядування", "start_year": "2024", "end_year": "2025",
        "decision_body": "Виконавчий комітет", "decision_number": "154", "decision_date": "2024-03-28",
        "goal": "Розвиток е-урядування", "is_published": "on",
    })
    plan = ActionPlan.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{STAFF}plans/{plan.pk}/"
    assert (plan.decision_number, plan.decision_date, plan.is_published) == ("154", date(2024, 3, 28), True)
    backwards = client_a.post(f"{STAFF}plans/{plan.pk}/edit/", {"title": plan.title, "start_year": "2025",
                                                                 "end_year": "2024"})
    assert backwards.status_code == 400 and _errors(backwards) == {"end_year"}
    plan.refresh_from_db()
    assert plan.start_year == 2024
    assert client_a.get(f"{STAFF}plans/{plan.pk}/delete/").status_code == 200
    assert client_a.post(f"{STAFF}plans/{plan.pk}/delete/").status_code == 302
    assert not ActionPlan.objects.exists()
    assert list(AuditEntry.objects.filter(object_type="programmes.actionplan").values_list("action", flat=True)
                .order_by("id")) == ["create", "delete"]


@pytest.mark.django_db
def test_plan_term_cannot_leave_measures_outside(manager_a, hromada_a, plan_a):
    from django.core.exceptions import ValidationError

    plan = plan_a["plan"]
    plan.start_year = 2025
    with pytest.raises(ValidationError) as error:
        svc.save_plan(plan, actor=manager_a, hromada=hromada_a)
    assert set(error.value.message_dict) == {"end_year"}
    assert ActionPlan.objects.get().start_year == 2024


@pytest.mark.django_db
def test_measure_validation_saves_nothing(client_a, hromada_a, hromada_b, manager_a, plan_a):
    client_a.force_login(manager_a)
    url = f"{STAFF}plans/{plan_a['plan'].pk}/measures/new/"
    assert client_a.get(url).context["form"].initial["number"] == 2
    foreign = DepartmentFactory(hromada=hromada_b)
    cases = [
        ({"number": "1"}, {"number"}),  # taken by the first measure
        ({"start": "2024-09-01", "end": "2024-03-01"}, {"end"}),
        ({"end": "2026-03-01"}, {"end"}),  # outside the plan's term 2024–2025
        ({"start": "01.03.2024-junk"}, {"start"}),
        ({"status": "finished-ish"}, {"status"}),
        ({"departments": [foreign.pk]}, {"departments"}),
        ({"name": ""}, {"name"}),
    ]
    before = (PlanMeasure.objects.count(), AuditEntry.objects.count())
    for change, fields in cases:
        response = client_a.post(url, {**MEASURE, **change})
        assert response.status_code == 400, change
        assert _errors(response) == fields, change
    assert (PlanMeasure.objects.count(), AuditEntry.objects.count()) == before


@pytest.mark.django_db
def test_measure_with_units_status_and_filters(client_a, hromada_a, manager_a, plan_a):
    unit = DepartmentFactory(hromada=hromada_a, name="Відділ «Центр надання адміністративних послуг»")
    client_a.force_login(manager_a)
    plan = plan_a["plan"]
    response = client_a.post(f"{STAFF}plans/{plan.pk}/measures/new/", {**MEASURE, "departments": [unit.pk]})
    assert response.status_code == 302
    measure = PlanMeasure.objects.get(number=2)
    assert list(measure.departments.all()) == [unit] and measure.status == "in_progress"
    edit = client_a.post(f"{STAFF}plans/measures/{measure.pk}/edit/", {**MEASURE, "status": "done",
                                                                       "departments": [unit.pk]})
    assert edit.status_code == 302
    measure.refresh_from_db()
    assert measure.status == "done"
    assert AuditEntry.objects.filter(object_type="programmes.planmeasure", action="update").get().changes[
        "status"] == ["in_progress", "done"]
    page = client_a.get(f"{STAFF}plans/{plan.pk}/")
    assert [m.number for m in page.context["measures"]] == [1, 2]
    assert [m.number for m in client_a.get(f"{STAFF}plans/{plan.pk}/", {"status": "done"}).context["measures"]] == [2]
    assert [m.number for m in client_a.get(f"{STAFF}plans/{plan.pk}/",
                                           {"department": unit.pk}).context["measures"]] == [2]
    assert dict((k, n) for k, _label, n in page.context["status_counts"]) == {
        "planned": 1, "in_progress": 0, "done": 1, "cancelled": 0}
    body = page.content.decode()
    assert '<svg role="img"' in body and "<table>" in body


@pytest.mark.django_db
def test_key_indicators_typed_and_live(client_a, hromada_a, manager_a, plan_a):
    InstitutionFactory.create_batch(3, hromada=hromada_a)
    client_a.force_login(manager_a)
    url = f"{STAFF}plans/{plan_a['plan'].pk}/indicators/new/"
    bad = [({"metric_key": "core.institutions", "actual": "2"}, {"actual"}), ({"target": "0"}, {"target"}),
           ({"target": "багато"}, {"target"}), ({"metric_key": "core.nothing"}, {"metric_key"})]
    for change, fields in bad:
        response = client_a.post(url, {"name": "Заклади", "unit": "од.", "target": "6", "order": "0", **change})
        assert response.status_code == 400 and _errors(response) == fields, change
    assert PlanIndicator.objects.count() == 1
    ok = client_a.post(url, {"name": "Заклади", "unit": "од.", "target": "6", "metric_key": "core.institutions",
                             "order": "0"})
    assert ok.status_code == 302
    rows = client_a.get(f"{STAFF}plans/{plan_a['plan'].pk}/").context["indicators"]
    assert [(r.indicator.name, r.progress.current, r.progress.percent, r.progress.live) for r in rows] == [
        ("Кількість е-сервісів", D(3), D("30.0"), False), ("Заклади", D(3), D("50.0"), True)]


@pytest.mark.django_db
def test_xlsx_export_headers(client_a, hromada_a, plan_a):
    login(client_a, hromada_a, "clerk")
    response = client_a.get(f"{STAFF}plans/{plan_a['plan'].pk}/export.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    with translation.override("uk"):
        titles = [translation.gettext("Measures"), translation.gettext("Key indicators")]
        measure_header, indicator_header = svc.measure_header(), svc.indicator_header()
    assert book.sheetnames == titles
    measures = list(book[titles[0]].iter_rows(values_only=True))
    indicators = list(book[titles[1]].iter_rows(values_only=True))
    assert list(measures[0]) == measure_header and len(measure_header) == 8
    assert list(indicators[0]) == indicator_header and len(indicator_header) == 7
    assert measures[1][:2] == (1, "Впровадження СЕД")
    assert indicators[1][2:4] == (10, 3) and indicators[1][6] == 30
    assert AuditEntry.objects.filter(action="export", object_type="programmes.actionplan").count() == 1


@pytest.mark.django_db
def test_portal_shows_only_published_plans(client, hromada_a, hromada_b, manager_a):
    client.defaults["HTTP_HOST"] = "a.localhost"
    published = build_plan(hromada_a, manager_a, published=True)
    hidden = build_plan(hromada_a, manager_a, marker="Чернетка ")
    b = build_plan(hromada_b, member(hromada_b, "programme_manager"), published=True, marker="ЛИШЕБ ")
    listing = client.get(f"{PORTAL}plans/").content.decode()
    assert published["plan"].title in listing and "Чернетка" not in listing and "ЛИШЕБ" not in listing
    page = client.get(f"{PORTAL}plans/{published['plan'].pk}/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "Впровадження СЕД" in body and "<progress" in body and '<svg role="img"' in body and "<table>" in body
    assert manager_a.email not in body and manager_a.full_name not in body
    assert client.get(f"{PORTAL}plans/{hidden['plan'].pk}/").status_code == 404
    assert client.get(f"{PORTAL}plans/{b['plan'].pk}/").status_code == 404
