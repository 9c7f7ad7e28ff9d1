"""The programme API: the whole road from an empty hromada to annual reports, bad input, personas, tenancy."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils import timezone, translation

from hromada.core.models import AuditEntry
from hromada.programmes import catalogue
from hromada.programmes.deadlines import quarterly_due
from hromada.programmes.models import (
    Direction,
    Indicator,
    Programme,
    ProgrammeFinancing,
    Source,
    Task,
    TaskFinancing,
    TaskProgress,
    UnitReport,
)
from hromada.programmes.services import monitoring
from tests.apiclient import ApiClient, field_errors, ok, uk
from tests.factories import DepartmentFactory, InstitutionFactory, member
from tests.programmes.builders import approved_programme, draft_programme, head_of, manager

BASE = "/api/v1/programmes"
D = Decimal
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def invalid(reason: str) -> str:
    """How the 422 handler words a payload that does not fit the schema."""
    return uk("Invalid value: %(reason)s", reason=reason)


MONEY_MESSAGE = ("Give an amount in thousand UAH, not negative, at most %(max)s, with at most three decimals.",
                 {"max": "999999999.999"})
NOT_FOUND = {"detail": "Не знайдено."}


class Api(ApiClient):
    base = BASE


@pytest.fixture
def boss(hromada_a):
    return manager(hromada_a)


@pytest.fixture
def api(boss):
    return Api(boss)


def _docx_text(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return archive.read("word/document.xml").decode("utf-8")


# --- the whole road ------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_from_an_empty_hromada_to_annual_reports_through_the_api(hromada_a, boss, api):
    it, social = DepartmentFactory(hromada=hromada_a, name="Відділ цифровізації"), \
        DepartmentFactory(hromada=hromada_a, name="Відділ соціального захисту")
    InstitutionFactory(hromada=hromada_a)
    InstitutionFactory(hromada=hromada_a)

    # 1. A draft, its passport and sections.
    created = ok(api.post("", {"title": "Програма інформатизації «Цифрова громада»", "start_year": 2026,
                               "end_year": 2028}), 201)
    pid = created["id"]
    assert (created["status"], created["version"], created["is_public"], created["is_editable"]) == (
        "draft", 0, False, True)
    assert created["passport"]["financing"] == [
        {"year": y, "total": "0.000", "local_budget": "0.000", "other_sources": "0.000"} for y in (2026, 2027, 2028)]
    assert ok(api.get(""))["items"] == [{
        "id": pid, "title": "Програма інформатизації «Цифрова громада»", "status": "draft", "start_year": 2026,
        "end_year": 2028, "version": 0, "is_public": False, "task_count": 0, "indicator_count": 0}]

    # Amounts arrive as strings or JSON numbers; 20.1 and 10.4 are read as written, never as binary floats.
    passport = ok(api.patch(f"/{pid}/passport", {
        "decree_title": "Про розроблення програми інформатизації", "decree_date": "2025-09-01",
        "decree_number": "45-р", "goal": "Цифрова трансформація громади", "developer_id": it.pk,
        "head_position": "Заступник голови", "head_name": "Тетяна Смірнова",
        "responsible_department_ids": [it.pk, social.pk], "responsible_other": "КП «Інфоцентр»",
        "financing": [{"year": 2026, "total": "45.5", "local_budget": 30.5, "other_sources": "15"}],
    }))
    assert passport["developer_id"] == it.pk
    assert passport["responsible_department_ids"] == sorted([it.pk, social.pk])
    assert passport["passport"]["developer"] == "Відділ цифровізації"
    assert passport["passport"]["responsible"] == ["Відділ соціального захисту", "Відділ цифровізації",
                                                   "КП «Інфоцентр»"]
    assert passport["passport"]["financing"][0] == {"year": 2026, "total": "45.500", "local_budget": "30.500",
                                                    "other_sources": "15.000"}
    assert passport["passport"]["financing_total"] == {"total": "45.500", "local_budget": "30.500",
                                                       "other_sources": "15.000"}
    # PATCH: what is left out keeps its value.
    goal_only = ok(api.patch(f"/{pid}/passport", {"goal": "Зручні послуги для мешканців"}))
    assert goal_only["passport"]["goal"] == "Зручні послуги для мешканців"
    assert goal_only["passport"]["decree_number"] == "45-р"
    assert goal_only["responsible_department_ids"] == sorted([it.pk, social.pk])
    assert goal_only["passport"]["financing"][0]["total"] == "45.500"

    sections = ok(api.put(f"/{pid}/sections", {"ii": "  Загальні положення  ", "vi": "Моніторинг щокварталу"}))
    assert sections["sections"] == {"ii": "Загальні положення", "iii": "", "iv": "", "v": "",
                                    "vi": "Моніторинг щокварталу"}

    # 2. Directions from the template's catalogue, and one of the hromada's own that is then dropped.
    cat = catalogue.load()
    added = ok(api.post(f"/{pid}/directions", {"catalogue_keys": ["governance", "public-services", "governance"]}),
               201)
    assert [(d["catalogue_key"], d["name"], d["order"], d["task_count"]) for d in added] == [
        ("governance", cat.direction("governance").name, 1, 0),
        ("public-services", cat.direction("public-services").name, 2, 0)]
    assert ok(api.post(f"/{pid}/directions", {"catalogue_keys": ["governance"]}), 201) == []
    own = ok(api.post(f"/{pid}/directions", {"name": "Власний напрям"}), 201)[0]
    assert (own["catalogue_key"], own["order"]) == ("", 3)
    assert ok(api.delete(f"/{pid}/directions/{own['id']}"), 204) is None
    governance, services_direction = added[0]["id"], added[1]["id"]
    assert [d["id"] for d in ok(api.get(f"/{pid}/directions"))["items"]] == [governance, services_direction]

    # 3. Review is refused while the programme is incomplete, with the list of what is missing.
    refused = api.post(f"/{pid}/transition", {"to": "review"})
    assert refused.status_code == 400
    assert [row["message"] for row in refused.json()["detail"]] == [
        uk("%(year)s, %(source)s: Annex 1 plans %(planned)s thousand UAH, the passport states %(stated)s.",
           year=2026, source=uk(Source.LOCAL.label), planned=0, stated="30.500"),
        uk("%(year)s, %(source)s: Annex 1 plans %(planned)s thousand UAH, the passport states %(stated)s.",
           year=2026, source=uk(Source.OTHER.label), planned=0, stated="15.000"),
        uk("Annex 1 has no tasks."),
        uk("Annex 2 has no indicators."),
    ]
    assert {row["field"] for row in refused.json()["detail"]} == {"__all__"}
    assert Programme.objects.get(pk=pid).status == "draft"

    # 4. Annex 1 with financing, and Annex 2 with a live indicator.
    task_one = ok(api.post(f"/{pid}/tasks", {
        "direction_id": governance, "name": "Електронний документообіг", "project": "СЕД громади",
        "department_ids": [it.pk], "start_date": "2026-01-01", "end_date": "2026-12-31",
        "expected_result": "Усі відділи в СЕД",
        "financing": [{"year": 2026, "source": "local", "planned": 20.1}, {"year": 2026, "source": "other",
                                                                            "planned": "10"}],
    }), 201)
    assert task_one["department_ids"] == [it.pk]
    assert task_one["financing"] == [{"year": 2026, "source": "local", "planned": "20.100", "actual": "0.000"},
                                     {"year": 2026, "source": "other", "planned": "10.000", "actual": "0.000"}]
    task_two = ok(api.post(f"/{pid}/tasks", {
        "direction_id": services_direction, "name": "Онлайн-запис до ЦНАП", "department_ids": [social.pk],
        "start_date": "2026-03-01", "end_date": "2026-09-30",
        "financing": [{"year": 2026, "source": "local", "planned": 10.4}, {"year": 2026, "source": "other",
                                                                            "planned": 5}],
    }), 201)
    changed = ok(api.patch(f"/{pid}/tasks/{task_two['id']}", {"expected_result": "Запис онлайн"}))
    assert (changed["expected_result"], changed["name"], changed["department_ids"]) == (
        "Запис онлайн", "Онлайн-запис до ЦНАП", [social.pk])
    assert ok(api.get(f"/{pid}/tasks", {"department_id": social.pk}))["items"] == [changed]

    metrics = ok(api.get("/metrics"))
    institutions_metric = next(m for m in metrics if m["key"] == "core.institutions")
    assert institutions_metric["dated"] is False
    hand = ok(api.post(f"/{pid}/indicators", {
        "name": "Частка електронних звернень", "unit": "%", "direction_id": services_direction,
        "baseline_value": "10", "baseline_year": 2025, "data_source": "Журнал звернень",
        "targets": [{"year": 2026, "target": "20"}, {"year": 2027, "target": 25.5}, {"year": 2028, "target": None}],
    }), 201)
    assert [(y["year"], y["target"]) for y in hand["years"]] == [(2026, "20.000"), (2027, "25.500"), (2028, None)]
    live = ok(api.post(f"/{pid}/indicators", {
        "name": "Заклади громади", "unit": "од.", "metric_key": "core.institutions", "baseline_value": 0,
        "baseline_year": 2025, "targets": [{"year": y, "target": 3} for y in (2026, 2027, 2028)],
    }), 201)
    assert (live["is_live"], live["data_source"]) == (True, institutions_metric["source"])

    # 5. Review, then approval (refused without the decision), which freezes version 1.
    assert ok(api.post(f"/{pid}/transition", {"to": "review"}))["status"] == "review"
    assert field_errors(api.post(f"/{pid}/transition", {"to": "approved"})) == {
        "decision": uk("Give the decision that approved the programme."),
        "decided_on": uk("Give the date of the decision."),
    }
    approved = ok(api.post(f"/{pid}/transition", {"to": "approved", "decision": "Рішення сесії № 12/3",
                                                   "decided_on": "2025-12-20"}))
    assert (approved["status"], approved["version"], approved["is_public"], approved["approval_date"]) == (
        "approved", 1, True, "2025-12-20")
    assert [d["tasks"][0]["number"] for d in approved["directions"]] == ["1.1", "2.1"]
    versions = ok(api.get(f"/{pid}/versions"))["items"]
    assert [(v["number"], v["approval_decision"], v["created_by"]) for v in versions] == [
        (1, "Рішення сесії № 12/3", boss.full_name)]
    frozen = ok(api.get(f"/{pid}/versions/1"))
    assert frozen["snapshot"]["passport"]["financing"][0]["total"] == "45.500"
    assert frozen["snapshot"]["status"] == "approved"
    not_editable = field_errors(api.patch(f"/{pid}/passport", {"goal": "Інше"}))
    assert list(not_editable) == ["__all__"]
    assert ok(api.get(f"/{pid}"))["passport"]["goal"] == "Зручні послуги для мешканців"

    # 6. Q1: each responsible unit owes a report.
    period = ok(api.post(f"/{pid}/periods", {"kind": "quarter", "year": 2026, "quarter": 1}), 201)
    assert (period["period_end"], period["due_date"]) == ("2026-03-31", quarterly_due(hromada_a, 2026, 1).isoformat())
    board = ok(api.get(f"/{pid}/periods/{period['id']}"))
    reports = {row["department_id"]: row for row in board["reports"]}
    assert set(reports) == {it.pk, social.pk}
    assert {row["status"] for row in board["reports"]} == {"draft"}
    it_report, social_report = reports[it.pk]["id"], reports[social.pk]["id"]
    report_url = f"/{pid}/periods/{period['id']}/reports"

    # 7. The head of the IT unit submits the unit's own report and is refused another unit's.
    head = Api(head_of(hromada_a, it))
    blank = ok(head.get(f"{report_url}/{it_report}"))
    assert [(t["task_id"], t["reported"], t["status"]) for t in blank["tasks"]] == [
        (task_one["id"], False, "planned")]
    submitted = ok(head.put(f"{report_url}/{it_report}", {
        "summary": "СЕД запущено у двох відділах",
        "progress": [{"task_id": task_one["id"], "status": "in_progress", "percent_done": 40,
                      "actual_local": "5.125", "actual_other": 0, "comment": "Закуплено ліцензії"}],
        "submit": True,
    }))
    assert (submitted["status"], submitted["summary"], submitted["is_late"]) == (
        "submitted", "СЕД запущено у двох відділах", timezone.localdate() > quarterly_due(hromada_a, 2026, 1))
    assert submitted["tasks"] == [{"task_id": task_one["id"], "name": "Електронний документообіг",
                                   "project": "СЕД громади", "reported": True, "status": "in_progress",
                                   "percent_done": 40, "actual_local": "5.125", "actual_other": "0.000",
                                   "comment": "Закуплено ліцензії", "correction": ""}]
    assert head.put(f"{report_url}/{social_report}", {
        "progress": [{"task_id": task_two["id"], "status": "done", "percent_done": 100}], "submit": True,
    }).status_code == 403
    assert not TaskProgress.objects.filter(report_id=social_report).exists()
    assert UnitReport.objects.get(pk=social_report).status == "draft"
    assert head.post(f"{report_url}/{it_report}/return").status_code == 403

    # The manager may report for any unit, and return a submitted report.
    ok(api.put(f"{report_url}/{social_report}", {
        "progress": [{"task_id": task_two["id"], "status": "done", "percent_done": 100, "actual_local": "10.4",
                      "actual_other": "5"}], "submit": True}))
    task_after = ok(api.get(f"/{pid}/tasks/{task_one['id']}"))
    assert (task_after["status"], task_after["percent_done"]) == ("in_progress", 40)
    assert task_after["financing"][0] == {"year": 2026, "source": "local", "planned": "20.100", "actual": "5.125"}

    # 8. Live indicators are snapshotted for the period.
    taken = ok(api.post(f"/{pid}/periods/{period['id']}/snapshots"))
    assert taken == {"count": 1, "taken_on": timezone.localdate().isoformat()}
    board = ok(api.get(f"/{pid}/periods/{period['id']}"))
    assert [(s["indicator_id"], s["value"]) for s in board["snapshots"]] == [(live["id"], "2.000")]
    late = timezone.localdate() > quarterly_due(hromada_a, 2026, 1)
    assert {row["department_id"]: row["state"] for row in board["reports"]} == {
        it.pk: "late" if late else "on_time", social.pk: "late" if late else "on_time"}
    assert ok(api.get(f"/{pid}/indicators/{live['id']}"))["years"][0]["actual"] == "2.000"
    actual = ok(api.put(f"/{pid}/indicators/{hand['id']}/actual", {"year": 2026, "value": "18.5",
                                                                    "source": "Журнал, грудень"}))
    assert (actual["actual"], actual["actual_source"]) == ("18.500", "Журнал, грудень")

    # 9. The year's reports are consolidated and kept as data.
    annual = ok(api.post(f"/{pid}/annual-reports/2026"))
    assert annual["year"] == 2026
    assert annual["consolidated_by"] == boss.full_name
    rows = annual["data"]["progress"]["rows"]
    assert [(r["number"], r["percent_done"], r["actual_local"], r["done"]) for r in rows] == [
        ("1.1", 40, "5.125", "Закуплено ліцензії"), ("2.1", 100, "10.400", "")]
    assert ok(api.get(f"/{pid}/annual-reports/2026")) == annual
    assert api.get(f"/{pid}/annual-reports/2027").status_code == 404

    returned = ok(api.post(f"{report_url}/{it_report}/return"))
    assert returned["status"] == "draft"

    # 10. Documents.
    document = api.get(f"/{pid}/document.docx")
    assert document.status_code == 200
    assert document["Content-Type"] == DOCX
    assert document["Content-Disposition"] == f'attachment; filename="programme-{pid}.docx"'
    assert "Цифрова громада" in _docx_text(document.content)
    version_one = api.get(f"/{pid}/document.docx", {"version": 1})
    assert version_one["Content-Disposition"] == f'attachment; filename="programme-{pid}-v1.docx"'
    assert api.get(f"/{pid}/document.docx", {"version": 2}).status_code == 404
    for which in ("progress", "effectiveness"):
        for fmt, content_type in (("docx", DOCX), ("xlsx", XLSX)):
            download = api.get(f"/{pid}/annual-reports/2026/{which}.{fmt}")
            assert download.status_code == 200, (which, fmt)
            assert download["Content-Type"] == content_type
            assert download["Content-Disposition"] == (
                f'attachment; filename="programme-{pid}-2026-{which}.{fmt}"')
            assert zipfile.is_zipfile(io.BytesIO(download.content))
    annex = api.get(f"/{pid}/annexes/1.xlsx")
    assert (annex.status_code, annex["Content-Type"]) == (200, XLSX)
    assert api.get(f"/{pid}/annual-reports/2026/summary.docx").status_code == 404
    assert api.get(f"/{pid}/annual-reports/2026/progress.pdf").status_code == 404
    assert api.get(f"/{pid}/annexes/3.docx").status_code == 404
    exports = AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT, object_id=str(pid)).count()
    assert exports == 7

    # 11. An amendment reopens the draft; version 1 stays as approved.
    amended = ok(api.post(f"/{pid}/amend"))
    assert (amended["status"], amended["version"], amended["is_editable"]) == ("draft", 1, True)
    assert ok(api.get(f"/{pid}/versions/1"))["snapshot"]["status"] == "approved"


# --- bad input: a clear message and nothing changed -------------------------------------------------------------


@pytest.fixture
def draft(hromada_a, boss):
    return draft_programme(hromada_a, boss)


def _financing(programme) -> list[tuple]:
    return list(ProgrammeFinancing.objects.filter(programme=programme)
                .values_list("year", "total", "local_budget", "other_sources"))


@pytest.mark.django_db
def test_financing_that_does_not_add_up_is_refused_and_nothing_is_saved(api, draft):
    before = _financing(draft)
    response = api.patch(f"/{draft.pk}/passport", {
        "goal": "Змінена мета",
        "financing": [{"year": 2026, "total": "100", "local_budget": "60", "other_sources": "30.5"},
                      {"year": 2031, "total": "1", "local_budget": "1", "other_sources": "0"}],
    })
    assert field_errors(response) == {
        "financing-2026-total": uk(
            "%(year)s: the sources add up to %(sum)s thousand UAH, not the total of %(total)s.",
            year=2026, sum="90.500", total="100.000"),
        "financing-2031-total": uk("%(year)s is outside the programme's term.", year=2031),
    }
    draft.refresh_from_db()
    assert draft.goal == "Цифрова трансформація громади"
    assert _financing(draft) == before


@pytest.mark.django_db
@pytest.mark.parametrize(("amount", "path"), [
    ("1.0001", "payload.financing.0.total"),
    (0.30000000000000004, "payload.financing.0.total"),  # 0.1 + 0.2 in binary: not an amount anyone wrote
    ("-1", "payload.financing.0.total"),
    ("1000000000", "payload.financing.0.total"),
    ("NaN", "payload.financing.0.total"),
    ("12 тис.", "payload.financing.0.total"),
    (True, "payload.financing.0.total"),
])
def test_amounts_must_be_exact_thousand_uah(api, draft, amount, path):
    before = _financing(draft)
    response = api.patch(f"/{draft.pk}/passport", {
        "financing": [{"year": 2026, "total": amount, "local_budget": "0", "other_sources": "0"}]})
    assert field_errors(response, 422) == {path: invalid(uk(MONEY_MESSAGE[0], **MONEY_MESSAGE[1]))}
    assert _financing(draft) == before


@pytest.mark.django_db
def test_task_amounts_and_indicator_values_keep_to_three_decimals(api, draft):
    direction = draft.directions.first()
    department = Task.objects.filter(programme=draft).first().departments.get()
    tasks_before = Task.objects.count()
    response = api.post(f"/{draft.pk}/tasks", {
        "direction_id": direction.pk, "name": "Нове", "department_ids": [department.pk],
        "start_date": "2026-01-01", "end_date": "2026-06-30",
        "financing": [{"year": 2026, "source": "local", "planned": "2.5005"}]})
    assert field_errors(response, 422) == {
        "payload.financing.0.planned": invalid(uk(MONEY_MESSAGE[0], **MONEY_MESSAGE[1]))}
    assert Task.objects.count() == tasks_before
    response = api.post(f"/{draft.pk}/indicators", {"name": "Нове", "unit": "%", "baseline_value": "-0.0001"})
    assert field_errors(response, 422) == {"payload.baseline_value": invalid(uk(
        "Give a number with at most 15 digits before the decimal point and at most three after it."))}
    negative = ok(api.post(f"/{draft.pk}/indicators", {"name": "Зміна", "unit": "%", "baseline_value": "-2.5"}), 201)
    assert negative["baseline_value"] == "-2.500"


@pytest.mark.django_db
def test_task_term_outside_the_programme_is_refused(api, draft):
    direction = draft.directions.first()
    department = Task.objects.filter(programme=draft).first().departments.get()
    tasks_before = Task.objects.count()
    response = api.post(f"/{draft.pk}/tasks", {
        "direction_id": direction.pk, "name": "Поза строком", "department_ids": [department.pk],
        "start_date": "2025-06-01", "end_date": "2029-01-31",
        "financing": [{"year": 2029, "source": "local", "planned": "1"}]})
    term = uk("The term must lie inside the programme's term (%(first)s–%(last)s).", first=2026, last=2028)
    assert field_errors(response) == {
        "start_date": term, "end_date": term,
        "fin-2029-local": uk("%(year)s is outside the programme's term.", year=2029),
    }
    assert Task.objects.count() == tasks_before
    assert not TaskFinancing.objects.filter(year=2029).exists()


@pytest.mark.django_db
def test_narrowing_a_task_checks_the_amounts_already_planned(api, draft):
    task = Task.objects.filter(programme=draft).first()
    response = api.patch(f"/{draft.pk}/tasks/{task.pk}", {"start_date": "2027-01-01", "end_date": "2027-12-31"})
    outside = uk("Financing in %(year)s is outside the task's term.", year=2026)
    assert field_errors(response) == {"fin-2026-local": outside, "fin-2026-other": outside}
    task.refresh_from_db()
    assert task.start_date == date(2026, 1, 1)
    moved = ok(api.patch(f"/{draft.pk}/tasks/{task.pk}", {
        "start_date": "2027-01-01", "end_date": "2027-12-31",
        "financing": [{"year": 2026, "source": "local", "planned": 0}, {"year": 2026, "source": "other",
                                                                         "planned": 0},
                      {"year": 2027, "source": "local", "planned": "10"}]}))
    assert [(f["year"], f["source"], f["planned"]) for f in moved["financing"]] == [
        (2026, "local", "0.000"), (2026, "other", "0.000"), (2027, "local", "10.000")]


@pytest.mark.django_db
def test_unknown_metric_is_refused(api, draft):
    count = Indicator.objects.count()
    response = api.post(f"/{draft.pk}/indicators", {"name": "Щось", "unit": "од.", "metric_key": "core.nothing"})
    assert field_errors(response) == {"metric_key": uk("Choose a metric from the list.")}
    assert Indicator.objects.count() == count


@pytest.mark.django_db
def test_hand_typed_actual_of_a_live_indicator_is_refused(api, draft):
    live = Indicator.objects.get(programme=draft, metric_key="core.institutions")
    response = api.put(f"/{draft.pk}/indicators/{live.pk}/actual", {"year": 2026, "value": "5"})
    assert field_errors(response) == {
        "actual": uk("This indicator is computed by the platform; its value cannot be typed.")}


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "path", "raw"), [
    ("POST", "", "{не json"),
    ("PATCH", "/{pid}/passport", "{\"goal\": "),
    ("POST", "/{pid}/tasks", "\x00\x01"),
    ("PUT", "/{pid}/periods/1/reports/1", "]"),
])
def test_unparseable_body_is_a_400_in_ukrainian(api, draft, method, path, raw):
    response = api.send(method, path.format(pid=draft.pk), raw=raw)
    assert response.status_code == 400
    assert response.json() == {"detail": "Тіло запиту не є коректним JSON."}


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "path", "payload", "field"), [
    ("POST", "", {"title": "Т", "start_year": "двадцять", "end_year": 2028}, "payload.start_year"),
    ("POST", "", ["не", "об'єкт"], "payload.title"),
    ("PATCH", "/{pid}/passport", {"decree_date": "31.12.2025"}, "payload.decree_date"),
    ("PATCH", "/{pid}/passport", {"financing": {"2026": "1"}}, "payload.financing"),
    ("POST", "/{pid}/tasks", {"name": "Без напряму"}, "payload.direction_id"),
    ("POST", "/{pid}/transition", {}, "payload.to"),
    ("POST", "/{pid}/periods", {"kind": "quarter", "year": 2026, "quarter": "перший"}, "payload.quarter"),
])
def test_payloads_of_the_wrong_shape_are_a_422(api, draft, method, path, payload, field):
    response = api.send(method, path.format(pid=draft.pk), payload)
    assert response.status_code == 422
    assert field in {row["field"] for row in response.json()["detail"]}
    assert all(row["message"].startswith("Неприпустиме значення: ") for row in response.json()["detail"])


@pytest.mark.django_db
@pytest.mark.parametrize("text", ["Мета\x00", "\ud800"])
def test_text_that_cannot_be_stored_is_refused(api, draft, text):
    raw = json.dumps({"goal": text, "responsible_other": "КП"})  # json.dumps escapes both as \\u sequences
    # The API's body parser refuses such text before any schema sees it: one 400 for every operation.
    refused = {"__all__": uk("The text contains characters that cannot be stored.")}
    assert field_errors(api.send("PATCH", f"/{draft.pk}/passport", raw=raw), 400) == refused
    assert field_errors(api.send("PUT", f"/{draft.pk}/sections", raw=json.dumps({"ii": text})), 400) == refused
    assert ok(api.get(f"/{draft.pk}/tasks", {"search": "\x00"}))["count"] == 0
    draft.refresh_from_db()
    assert (draft.goal, draft.responsible_other, draft.section_ii) == ("Цифрова трансформація громади", "", "")


@pytest.mark.django_db
def test_an_overlong_approval_decision_is_a_400(hromada_a, boss, api, draft):
    ok(api.post(f"/{draft.pk}/transition", {"to": "review"}))
    response = api.post(f"/{draft.pk}/transition", {"to": "approved", "decision": "Р" * 301,
                                                     "decided_on": "2025-12-20"})
    with translation.override("uk"), pytest.raises(ValidationError) as expected:
        MaxLengthValidator(300)("Р" * 301)
    assert field_errors(response) == {"decision": expected.value.messages[0]}
    draft.refresh_from_db()
    assert (draft.status, draft.version) == ("review", 0)


@pytest.mark.django_db
def test_passport_refuses_nulls_bad_years_and_foreign_records(api, draft, hromada_b):
    foreign = DepartmentFactory(hromada=hromada_b)
    null = uk("This field cannot be null.")
    assert field_errors(api.patch(f"/{draft.pk}/passport", {"start_year": None, "financing": None})) == {
        "start_year": null, "financing": null}
    assert list(field_errors(api.patch(f"/{draft.pk}/passport", {"start_year": 0}))) == ["start_year"]
    assert field_errors(api.patch(f"/{draft.pk}/passport", {"end_year": 2040})) == {
        "end_year": uk("A programme lasts at most %(years)s years.", years=10)}
    assert field_errors(api.patch(f"/{draft.pk}/passport", {"responsible_department_ids": [foreign.pk]})) == {
        "responsible_department_ids": uk("No such record in this hromada.")}
    assert field_errors(api.patch(f"/{draft.pk}/passport", {"developer_id": foreign.pk})) == {
        "developer_id": uk("No such record in this hromada.")}
    assert field_errors(api.patch(f"/{draft.pk}/passport", {"financing": [
        {"year": 2026, "total": 1, "local_budget": 1, "other_sources": 0},
        {"year": 2026, "total": 2, "local_budget": 2, "other_sources": 0}]})) == {
        "financing": uk("The list names %(item)s twice.", item=2026)}
    assert list(field_errors(api.patch(f"/{draft.pk}/passport", {"title": None}))) == ["title"]
    fresh = Programme.objects.get(pk=draft.pk)
    assert (fresh.title, fresh.start_year, fresh.end_year, fresh.developer_id) == (
        draft.title, 2026, 2028, draft.developer_id)


@pytest.mark.django_db
def test_other_refusals_of_the_services_come_back_as_400(api, draft, hromada_b):
    direction = draft.directions.first()
    other = draft_programme(draft.hromada, manager(draft.hromada))
    foreign_direction = other.directions.first()
    department = Task.objects.filter(programme=draft).first().departments.get()
    base = {"name": "Нове", "department_ids": [department.pk], "start_date": "2026-01-01", "end_date": "2026-03-31"}
    assert field_errors(api.post(f"/{draft.pk}/tasks", {**base, "direction_id": foreign_direction.pk})) == {
        "direction_id": uk("No such record in this programme.")}
    assert field_errors(api.post(f"/{draft.pk}/tasks", {**base, "direction_id": direction.pk,
                                                        "department_ids": []})) == {
        "department_ids": uk("Name at least one responsible unit.")}
    foreign_department = DepartmentFactory(hromada=hromada_b)
    assert field_errors(api.post(f"/{draft.pk}/tasks", {**base, "direction_id": direction.pk,
                                                        "department_ids": [foreign_department.pk]})) == {
        "department_ids": uk("No such record in this hromada.")}
    assert field_errors(api.post(f"/{draft.pk}/directions", {"catalogue_keys": ["governance", "nope"]})) == {
        "catalogue_keys": uk("Unknown directions of the template: %(keys)s.", keys="nope")}
    assert list(field_errors(api.post(f"/{draft.pk}/directions", {"name": direction.name}))) == ["__all__"]
    assert field_errors(api.post(f"/{draft.pk}/directions", {})) == {
        "__all__": uk("Give either catalogue_keys or name.")}
    assert field_errors(api.delete(f"/{draft.pk}/directions/{direction.pk}")) == {
        "__all__": uk("The direction has tasks in Annex 1; move or delete them first.")}
    assert field_errors(api.post(f"/{draft.pk}/transition", {"to": "archived"})) == {
        "to": uk("Choose one of: %(statuses)s.", statuses="draft, review, approved, execution, completed")}
    assert field_errors(api.post(f"/{draft.pk}/transition", {"to": "approved"})) == {
        "__all__": uk("A programme that is %(from)s cannot become %(to)s.", **{
            "from": uk(Programme.Status.DRAFT.label), "to": uk(Programme.Status.APPROVED.label)})}
    assert field_errors(api.post(f"/{draft.pk}/periods", {"kind": "quarter", "year": 2026, "quarter": 1})) == {
        "__all__": uk("Monitoring starts once the programme is approved and ends when it is completed.")}
    assert field_errors(api.post(f"/{draft.pk}/annual-reports/2026")) == {
        "__all__": uk("Only an approved programme is reported on.")}
    assert Direction.objects.filter(programme=draft).count() == 2
    assert Task.objects.filter(programme=draft).count() == 4


@pytest.mark.django_db
def test_report_payload_errors_are_per_task(hromada_a, boss, api):
    programme = approved_programme(hromada_a, boss)
    period = monitoring.open_period(programme, actor=boss, hromada=hromada_a, kind="quarter", year=2026, quarter=1)
    report = period.reports.first()
    task = monitoring.report_tasks(report).first()
    url = f"/{programme.pk}/periods/{period.pk}/reports/{report.pk}"
    response = api.put(url, {"progress": [{"task_id": task.pk, "status": "done", "percent_done": 50},
                                          {"task_id": 999999, "status": "done", "percent_done": 100}],
                             "submit": True})
    assert field_errors(response) == {
        f"task-{task.pk}-percent_done": uk("A task that is done is 100% done."),
        "task-999999": uk("This task is not one of the unit's tasks in the programme."),
        "progress": uk("Report on every task of the unit before submitting (%(count)s missing).", count=1),
    }
    assert not TaskProgress.objects.exists()
    assert field_errors(api.put(url, {"progress": [{"task_id": task.pk, "status": "done", "percent_done": 100},
                                                   {"task_id": task.pk, "status": "done", "percent_done": 100}]})
                        ) == {"progress": uk("The list names %(item)s twice.", item=task.pk)}


# --- personas ----------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_without_credentials_the_api_asks_for_them(client_a, draft):
    for path in ("", f"/{draft.pk}", "/metrics", f"/{draft.pk}/document.docx"):
        response = client_a.get(BASE + path)
        assert response.status_code == 401
        assert response.json() == {"detail": "Потрібна автентифікація: токен або сеанс після входу в систему."}
    assert client_a.post(BASE, "{}", content_type="application/json").status_code == 401


@pytest.mark.django_db
def test_a_resident_is_refused(hromada_a, draft):
    resident = member(hromada_a, "resident")
    for caller in (Api(resident), Api(resident, session=True)):
        for path in ("", f"/{draft.pk}", "/metrics", f"/{draft.pk}/tasks"):
            response = caller.get(path)
            assert response.status_code == 403, path
            assert response.json() == {"detail": "У вас немає прав на цю дію."}
        assert caller.post("", {"title": "Т", "start_year": 2026, "end_year": 2027}).status_code == 403
    assert Programme.objects.count() == 1


@pytest.mark.django_db
def test_a_clerk_reads_but_does_not_write(hromada_a, boss, draft):
    clerk = Api(member(hromada_a, "clerk"))
    assert ok(clerk.get(""))["count"] == 1
    assert ok(clerk.get(f"/{draft.pk}"))["id"] == draft.pk
    assert ok(clerk.get(f"/{draft.pk}/tasks"))["count"] == 4
    task = Task.objects.filter(programme=draft).first()
    direction = draft.directions.first()
    writes = [
        ("POST", "", {"title": "Т", "start_year": 2026, "end_year": 2027}),
        ("PATCH", f"/{draft.pk}/passport", {"goal": "Інша"}),
        ("PUT", f"/{draft.pk}/sections", {"ii": "Інше"}),
        ("POST", f"/{draft.pk}/directions", {"name": "Новий"}),
        ("DELETE", f"/{draft.pk}/directions/{direction.pk}", None),
        ("PATCH", f"/{draft.pk}/tasks/{task.pk}", {"name": "Інше"}),
        ("DELETE", f"/{draft.pk}/tasks/{task.pk}", None),
        ("POST", f"/{draft.pk}/transition", {"to": "review"}),
    ]
    for method, path, payload in writes:
        response = clerk.send(method, path, payload)
        assert response.status_code == 403, (method, path)
    programme = approved_programme(hromada_a, boss)
    period = monitoring.open_period(programme, actor=boss, hromada=hromada_a, kind="quarter", year=2026, quarter=1)
    report = period.reports.first()
    url = f"/{programme.pk}/periods/{period.pk}/reports/{report.pk}"
    assert ok(clerk.get(url))["id"] == report.pk
    assert clerk.put(url, {"summary": "Звіт"}).status_code == 403
    assert clerk.post(f"/{programme.pk}/periods", {"kind": "quarter", "year": 2026, "quarter": 2}).status_code == 403
    assert clerk.post(f"/{programme.pk}/annual-reports/2026").status_code == 403
    draft.refresh_from_db()
    assert (draft.goal, draft.status, draft.section_ii) == ("Цифрова трансформація громади", "draft", "")
    assert UnitReport.objects.get(pk=report.pk).summary == ""


@pytest.mark.django_db
def test_a_department_head_reports_but_does_not_manage(hromada_a, boss):
    programme = approved_programme(hromada_a, boss)
    period = monitoring.open_period(programme, actor=boss, hromada=hromada_a, kind="quarter", year=2026, quarter=1)
    own, other = list(period.reports.order_by("pk"))
    head = Api(head_of(hromada_a, own.department))
    assert head.post(f"/{programme.pk}/amend").status_code == 403
    assert head.post(f"/{programme.pk}/periods/{period.pk}/snapshots").status_code == 403
    base = f"/{programme.pk}/periods/{period.pk}/reports"
    saved = ok(head.put(f"{base}/{own.pk}", {"summary": "Чернетка"}))
    assert (saved["status"], saved["summary"]) == ("draft", "Чернетка")
    assert head.put(f"{base}/{other.pk}", {"summary": "Чуже"}).status_code == 403
    assert UnitReport.objects.get(pk=other.pk).summary == ""


@pytest.mark.django_db
def test_session_of_a_manager_works_too(hromada_a, boss, draft):
    caller = Api(boss, session=True)
    assert ok(caller.get(f"/{draft.pk}"))["passport"]["head_name"] == "Тетяна Смірнова"
    assert ok(caller.put(f"/{draft.pk}/sections", {"iii": "Аналіз"}))["sections"]["iii"] == "Аналіз"


# --- tenancy --------------------------------------------------------------------------------------------------


@pytest.fixture
def b_world(hromada_b):
    b_boss = manager(hromada_b)
    programme = approved_programme(hromada_b, b_boss)
    period = monitoring.open_period(programme, actor=b_boss, hromada=hromada_b, kind="quarter", year=2026,
                                    quarter=1)
    monitoring.consolidate_year(programme, actor=b_boss, hromada=hromada_b, year=2026)
    return {
        "pid": programme.pk, "direction": programme.directions.first().pk,
        "task": Task.objects.filter(programme=programme).first().pk,
        "indicator": Indicator.objects.filter(programme=programme).first().pk,
        "period": period.pk, "report": period.reports.first().pk,
    }


def _every_operation(w: dict) -> list[tuple[str, str, object]]:
    p, per = w["pid"], f"/{w['pid']}/periods/{w['period']}"
    return [
        ("GET", f"/{p}", None), ("PATCH", f"/{p}/passport", {"goal": "ЗЛАМ"}),
        ("PUT", f"/{p}/sections", {"ii": "ЗЛАМ"}),
        ("GET", f"/{p}/directions", None), ("POST", f"/{p}/directions", {"name": "ЗЛАМ"}),
        ("PATCH", f"/{p}/directions/{w['direction']}", {"name": "ЗЛАМ"}),
        ("DELETE", f"/{p}/directions/{w['direction']}", None),
        ("GET", f"/{p}/tasks", None), ("POST", f"/{p}/tasks", {
            "direction_id": w["direction"], "name": "ЗЛАМ", "department_ids": [], "start_date": "2026-01-01",
            "end_date": "2026-12-31"}), ("GET", f"/{p}/tasks/{w['task']}", None),
        ("PATCH", f"/{p}/tasks/{w['task']}", {"name": "ЗЛАМ"}), ("DELETE", f"/{p}/tasks/{w['task']}", None),
        ("GET", f"/{p}/indicators", None), ("POST", f"/{p}/indicators", {"name": "ЗЛАМ", "unit": "од."}),
        ("GET", f"/{p}/indicators/{w['indicator']}", None),
        ("PATCH", f"/{p}/indicators/{w['indicator']}", {"name": "ЗЛАМ"}),
        ("DELETE", f"/{p}/indicators/{w['indicator']}", None),
        ("PUT", f"/{p}/indicators/{w['indicator']}/actual", {"year": 2026, "value": 1}),
        ("POST", f"/{p}/transition", {"to": "execution"}), ("POST", f"/{p}/amend", None),
        ("GET", f"/{p}/versions", None), ("GET", f"/{p}/versions/1", None),
        ("GET", f"/{p}/periods", None), ("POST", f"/{p}/periods", {"kind": "quarter", "year": 2026, "quarter": 2}),
        ("GET", per, None), ("POST", f"{per}/snapshots", None),
        ("GET", f"{per}/reports/{w['report']}", None), ("PUT", f"{per}/reports/{w['report']}", {"summary": "ЗЛАМ"}),
        ("POST", f"{per}/reports/{w['report']}/return", None),
        ("POST", f"/{p}/annual-reports/2026", None), ("GET", f"/{p}/annual-reports/2026", None),
        ("GET", f"/{p}/annual-reports/2026/progress.docx", None), ("GET", f"/{p}/document.docx", None),
        ("GET", f"/{p}/annexes/1.docx", None),
    ]


def _b_state(pid: int) -> str:
    programme = Programme.objects.get(pk=pid)
    return json.dumps([
        programme.status, programme.goal, programme.section_ii, programme.version,
        list(programme.directions.values_list("name", flat=True)),
        list(Task.objects.filter(programme=programme).values_list("name", "status")),
        list(Indicator.objects.filter(programme=programme).values_list("name", flat=True)),
        list(UnitReport.objects.filter(period__programme=programme).values_list("summary", "status")),
        list(programme.periods.values_list("pk", flat=True)),
        list(programme.annual_reports.values_list("consolidated_at", flat=True)),
    ], default=str)


@pytest.mark.django_db
def test_another_hromadas_programme_is_a_404_for_every_operation(api, b_world):
    before = _b_state(b_world["pid"])
    audit_before = AuditEntry.objects.count()
    for method, path, payload in _every_operation(b_world):
        response = api.send(method, path, payload)
        assert response.status_code == 404, (method, path, response.status_code)
        assert response.json() == NOT_FOUND
    assert _b_state(b_world["pid"]) == before
    assert AuditEntry.objects.count() == audit_before


@pytest.mark.django_db
def test_another_hromadas_child_ids_are_a_404_under_an_own_programme(hromada_a, boss, api, b_world):
    own = approved_programme(hromada_a, boss)
    own_period = monitoring.open_period(own, actor=boss, hromada=hromada_a, kind="quarter", year=2026, quarter=1)
    before = _b_state(b_world["pid"])
    swapped = {**b_world, "pid": own.pk, "period": own_period.pk}
    child_operations = [op for op in _every_operation(swapped)
                        if any(f"/{w}" in op[1] for w in ("directions/", "tasks/", "indicators/", "reports/"))]
    assert len(child_operations) == 12
    for method, path, payload in child_operations:
        assert api.send(method, path, payload).status_code == 404, (method, path)
    assert api.get(f"/{own.pk}/periods/{b_world['period']}").status_code == 404
    assert api.post(f"/{own.pk}/periods/{b_world['period']}/snapshots").status_code == 404
    assert _b_state(b_world["pid"]) == before


@pytest.mark.django_db
def test_the_list_shows_only_this_hromadas_programmes(api, draft, b_world):
    assert [row["id"] for row in ok(api.get(""))["items"]] == [draft.pk]


@pytest.mark.django_db
def test_unknown_ids_and_bad_ids_are_404_or_422(api, draft):
    assert api.get("/999999").json() == NOT_FOUND
    assert api.get(f"/{draft.pk}/tasks/999999").status_code == 404
    assert api.get(f"/{draft.pk}/versions/1").status_code == 404
    assert api.get("/abc").status_code == 422


@pytest.mark.django_db
def test_openapi_lists_the_programme_operations(client_a):
    paths = client_a.get("/api/v1/openapi.json").json()["paths"]
    assert {f"{BASE}", f"{BASE}/metrics", f"{BASE}/{{programme_id}}/passport",
            f"{BASE}/{{programme_id}}/periods/{{period_id}}/reports/{{report_id}}",
            f"{BASE}/{{programme_id}}/annual-reports/{{year}}/{{which}}.{{fmt}}"} <= set(paths)
