"""The unified hotline: the operator's console, its three endings, the register look-up, figures and tenancy."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from openpyxl import load_workbook

from hromada.appeals import hotline
from hromada.appeals.models import HotlineCall
from hromada.core.cases import routing
from hromada.core.models import AuditEntry, Case, CaseCategory
from hromada.portal.models import Contacts
from hromada.registers import services as register_services
from hromada.registers.models import Building, Resident, Street
from tests.factories import DepartmentFactory, SettlementFactory, member

KYIV = ZoneInfo("Europe/Kyiv")
CONSOLE = "/staff/hotline/"


def at(*args) -> datetime:
    return datetime(*args, tzinfo=KYIV)


@pytest.fixture(autouse=True)
def _fresh_models():
    routing.forget()
    yield
    routing.forget()


@pytest.fixture
def setup(hromada_a):
    unit = DepartmentFactory(hromada=hromada_a, name="Відділ ЖКГ")
    water = CaseCategory.objects.create(hromada=hromada_a, name="Аварії водопостачання", term_hours=24,
                                        department=unit, emergency=True, order=50, kinds="hotline")
    roads = CaseCategory.objects.create(hromada=hromada_a, name="Ремонт доріг", department=unit, order=10)
    CaseCategory.objects.create(hromada=hromada_a, name="Довідки ЦНАП", kinds="appeal", order=1)
    return {"unit": unit, "water": water, "roads": roads,
            "operator": member(hromada_a, "hotline_operator", full_name="Оператор Ганна"),
            "registrar": member(hromada_a, "case_registrar"),
            "admin": member(hromada_a, "hromada_admin")}


@pytest.fixture
def operator_client(client_a, setup):
    client_a.force_login(setup["operator"])
    return client_a


@pytest.fixture
def petrenko(hromada_a, setup):
    settlement = SettlementFactory(hromada=hromada_a, name="Могилів")
    street = register_services.save_street(Street(settlement=settlement, kind="vulytsia", name="Миру"),
                                           actor=setup["admin"], hromada=hromada_a)
    house = register_services.save_building(Building(street=street, number="5"), actor=setup["admin"],
                                            hromada=hromada_a)
    return register_services.save_resident(
        Resident(last_name="Петренко", first_name="Ірина", patronymic="Олегівна", birth_date=date(1980, 5, 1),
                 sex="f", building=house, phone="0671234567"), actor=setup["admin"], hromada=hromada_a)


def post(client, **data):
    return client.post(CONSOLE, data)


# --- the three endings of a call ------------------------------------------------------------------------------


def test_answered_on_the_spot_closes_the_call(operator_client, setup, hromada_a):
    response = post(operator_client, action="consult", caller_phone="067 123-45-67", caller_name="Ольга",
                    summary="Коли вивезуть сміття?", answer="У четвер зранку.", category=setup["roads"].pk)
    assert response.status_code == 302 and response.url == CONSOLE
    call = HotlineCall.objects.get()
    assert (call.outcome, call.answer, call.caller_phone) == ("consulted", "У четвер зранку.", "+380671234567")
    assert call.operator == setup["operator"] and call.closed_at is not None and call.case is None
    assert not Case.objects.exists()
    page = operator_client.get(CONSOLE).content.decode()
    assert "Ольга" in page  # today's calls of this operator


def test_registered_as_a_case_with_the_24_hour_term_of_the_category(operator_client, setup, hromada_a):
    response = post(operator_client, action="register", caller_phone="+38 (067) 1234567", caller_name="Ольга",
                    summary="Прорвало трубу на вулиці Миру, тече вода", category=setup["water"].pk)
    assert response.status_code == 302
    call = HotlineCall.objects.get()
    case = call.case
    assert (call.outcome, case.kind, case.channel) == ("case", "hotline", "phone")
    assert case.number == f"ГЛ-{timezone.localdate(case.received_at).year}/000001"
    assert case.due_at == case.received_at + timedelta(hours=24)
    assert case.department == setup["unit"] and case.category == setup["water"]
    assert (case.applicant_name, case.applicant_phone) == ("Ольга", "+380671234567")
    assert case.subject == "Прорвало трубу на вулиці Миру, тече вода"
    assert case.created_by == setup["operator"]
    page = operator_client.get(CONSOLE).content.decode()
    assert case.number in page and "24" in page


def test_a_dropped_call_is_kept_for_the_figures(operator_client, setup):
    response = post(operator_client, action="drop", caller_phone="0671234567")
    assert response.status_code == 302
    call = HotlineCall.objects.get()
    assert (call.outcome, call.summary, call.case) == ("dropped", "", None)


@pytest.mark.parametrize("data", [
    {"action": "consult", "summary": "", "answer": "Відповідь"},
    {"action": "consult", "summary": "Питання", "answer": ""},
    {"action": "register", "summary": "Прорив труби", "category": ""},
    {"action": "register", "summary": "", "category": "water"},
    {"action": "register", "summary": "Прорив", "category": "water", "caller_phone": "12345"},
    {"action": "consult", "summary": "Питання", "answer": "Так", "category": "appeal-only"},
    {"action": "consult", "summary": "Питання", "answer": "Так", "resident": "999999"},
    {"action": "nonsense", "summary": "Питання"},
    {"action": "consult", "summary": "Питання " * 700, "answer": "Так"},
])
def test_bad_input_changes_nothing(operator_client, setup, hromada_a, data):
    data = dict(data)
    if data.get("category") == "water":
        data["category"] = setup["water"].pk
    elif data.get("category") == "appeal-only":
        data["category"] = CaseCategory.objects.get(name="Довідки ЦНАП").pk
    response = post(operator_client, **data)
    assert response.status_code == 400
    assert "error-summary" in response.content.decode()
    assert not HotlineCall.objects.exists() and not Case.objects.exists()


def test_categories_put_emergencies_first_with_department_and_term(operator_client, setup, hromada_a):
    assert [c.name for c in hotline.categories(hromada_a)] == ["Аварії водопостачання", "Ремонт доріг"]
    page = operator_client.get(CONSOLE).content.decode()
    assert page.index("Аварії водопостачання") < page.index("Ремонт доріг")
    assert "Довідки ЦНАП" not in page  # a category for appeals only
    assert "Відділ ЖКГ" in page


# --- the residents register -------------------------------------------------------------------------------------


@pytest.mark.parametrize("phone", ["067 123-45-67", "+38 (067) 1234567", "0671234567", "380671234567"])
def test_lookup_by_phone_in_any_usual_shape(hromada_a, petrenko, phone):
    matches = hotline.lookup(hromada_a, phone=phone)
    assert [(m.pk, m.name, m.phone, m.birth_year) for m in matches] == [(petrenko.pk, "Петренко І. О.", "•••67",
                                                                        1980)]
    assert "Миру" in matches[0].address


def test_lookup_by_name_and_nothing_for_nonsense(hromada_a, petrenko):
    assert [m.pk for m in hotline.lookup(hromada_a, name="петренко ірина")] == [petrenko.pk]
    assert hotline.lookup(hromada_a, phone="12") == []
    assert hotline.lookup(hromada_a) == []


def test_console_shows_matches_masked_and_picking_one_logs_the_read(operator_client, setup, hromada_a, petrenko):
    page = post(operator_client, action="lookup", caller_phone="067 123-45-67").content.decode()
    assert "Петренко І. О." in page and "Олегівна" not in page and "0671234567" not in page
    before = AuditEntry.objects.filter(action=AuditEntry.Action.VIEW).count()
    page = post(operator_client, pick=petrenko.pk, caller_phone="067 123-45-67").content.decode()
    assert "Петренко Ірина Олегівна" in page
    view = AuditEntry.objects.filter(action=AuditEntry.Action.VIEW).order_by("-id").first()
    assert AuditEntry.objects.filter(action=AuditEntry.Action.VIEW).count() == before + 1
    assert view.actor == setup["operator"] and view.object_id == str(petrenko.pk)
    post(operator_client, action="consult", caller_phone="067 123-45-67", caller_name="Петренко Ірина Олегівна",
         resident=petrenko.pk, summary="Питання", answer="Відповідь")
    assert HotlineCall.objects.get().resident == petrenko


def test_another_hromadas_resident_cannot_be_picked(operator_client, setup, hromada_b):
    admin_b = member(hromada_b, "hromada_admin")
    settlement = SettlementFactory(hromada=hromada_b, name="Інше")
    street = register_services.save_street(Street(settlement=settlement, kind="vulytsia", name="Лісова"),
                                           actor=admin_b, hromada=hromada_b)
    other = register_services.save_resident(
        Resident(last_name="Коваль", first_name="Іван", birth_date=date(1970, 1, 1), sex="m", phone="0671234567",
                 building=register_services.save_building(Building(street=street, number="1"), actor=admin_b,
                                                          hromada=hromada_b)), actor=admin_b, hromada=hromada_b)
    page = post(operator_client, action="lookup", caller_phone="0671234567").content.decode()
    assert "Коваль" not in page
    before = AuditEntry.objects.filter(action=AuditEntry.Action.VIEW).count()
    for pk in (other.pk, "abc", "99999999999999999999"):
        response = post(operator_client, pick=pk)
        assert response.status_code == 200 and "Коваль" not in response.content.decode()
    assert AuditEntry.objects.filter(action=AuditEntry.Action.VIEW).count() == before


# --- routing help on the console ----------------------------------------------------------------------------


def _past_cases(hromada, setup, registrar):
    from hromada.core.cases import services

    texts = {setup["water"]: ["Прорвало трубу", "Немає води", "Тече вода з труби", "Аварія водопроводу",
                              "Вода не йде", "Труба протікає"],
             setup["roads"]: ["Яма на дорозі", "Ями на дорогах", "Розбита дорога", "Ремонт дороги",
                              "Вибоїна на дорозі", "Провалився асфальт"]}
    for category, lines in texts.items():
        for repeat in range(3):
            for line in lines:
                services.register_case(hromada, kind="hotline", actor=registrar, channel="phone", subject=line,
                                       text=f"{line} ({repeat})", applicant_name="Житель", category=category,
                                       received_at=at(2026, 1, 10, 10))


def test_the_suggestion_is_shown_with_its_confidence_and_not_chosen_for_the_operator(operator_client, setup,
                                                                                     hromada_a):
    _past_cases(hromada_a, setup, setup["registrar"])
    response = post(operator_client, action="suggest", summary="ями на дорогах біля школи")
    page = response.content.decode()
    assert response.status_code == 200
    start = page.index('id="routing-suggestion"')
    region = page[start:page.index("</div>", start)]
    expected = routing.suggest(hromada_a, "hotline", "ями на дорогах біля школи")
    assert expected.category == setup["roads"] and expected.percent >= 40
    assert "Ремонт доріг" in region and f" {expected.percent}%" in region
    radios = page.split('name="category"', 1)[1].split("</fieldset>", 1)[0]
    assert radios.count("checked") == 1 and 'value="" id="id_category_0" checked' in radios  # nothing chosen
    fragment = operator_client.post(reverse("hotline:suggest"), {"summary": "прорвало трубу"}).content.decode()
    assert fragment.startswith("<p>") and "Аварії водопостачання" in fragment
    assert not HotlineCall.objects.exists()


def test_without_enough_cases_the_console_says_there_is_no_suggestion(operator_client, setup):
    fragment = operator_client.post(reverse("hotline:suggest"), {"summary": "прорвало трубу"}).content.decode()
    assert "Аварії водопостачання" not in fragment and fragment.startswith("<p>")


# --- who may do what ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "console", "figures"), [
    ("hotline_operator", 200, 200),
    ("case_registrar", 200, 200),
    ("hromada_admin", 200, 200),
    ("programme_manager", 403, 200),
    ("clerk", 403, 403),
    ("department_head", 403, 403),
    ("resident", 403, 403),
])
def test_permissions_per_persona(client_a, hromada_a, role, console, figures):
    client_a.force_login(member(hromada_a, role))
    assert client_a.get(CONSOLE).status_code == console
    assert client_a.post(reverse("hotline:suggest"), {"summary": "яма"}).status_code == console
    assert client_a.get(reverse("hotline:analytics")).status_code == figures
    if console == 403:
        client_a.post(CONSOLE, {"action": "drop"})
        assert not HotlineCall.objects.exists()


def test_anonymous_goes_to_sign_in_but_reads_the_public_page(client_a, hromada_a):
    for url in (CONSOLE, reverse("hotline:analytics")):
        response = client_a.get(url)
        assert response.status_code == 302 and "login" in response.url
    assert client_a.get(reverse("hotline-public:index")).status_code == 200


def test_another_hromadas_calls_are_not_visible(operator_client, setup, hromada_a, hromada_b):
    operator = setup["operator"]
    from hromada.core.models import RoleAssignment

    RoleAssignment.objects.create(user=operator, hromada=hromada_b, role="hotline_operator")
    hotline.consult(hromada_b, actor=operator, caller_name="Чужий Абонент", summary="Питання Б", answer="Так")
    page = operator_client.get(CONSOLE).content.decode()
    assert "Чужий Абонент" not in page
    today = timezone.localdate()
    assert hotline.analytics(hromada_a, today, today)["total"] == 0
    assert hotline.public_figures(hromada_a)["total"] == 0
    with pytest.raises(Http404):
        hotline.call(hromada_a, HotlineCall.objects.get().pk)


# --- figures ----------------------------------------------------------------------------------------------------


@pytest.fixture
def history(hromada_a, setup):
    """Six calls in early November 2026: 2 consulted, 3 cases (closed in 2, 4 and 10 hours), 1 dropped."""
    operator = setup["operator"]
    hotline.consult(hromada_a, actor=operator, summary="Графік", answer="Так", category=setup["roads"],
                    received_at=at(2026, 11, 2, 9))
    hotline.consult(hromada_a, actor=operator, summary="Графік", answer="Так", received_at=at(2026, 11, 2, 23, 30))
    for day, hours in ((3, 2), (3, 4), (5, 10)):
        call = hotline.register_call(hromada_a, actor=operator, summary="Прорив труби", category=setup["water"],
                                     caller_name="Таємна Особа", caller_phone="0509876543",
                                     received_at=at(2026, 11, day, 8))
        Case.objects.filter(pk=call.case_id).update(status="closed",
                                                    closed_at=at(2026, 11, day, 8) + timedelta(hours=hours))
    hotline.dropped(hromada_a, actor=operator, received_at=at(2026, 11, 5, 12))


def test_staff_figures_are_exact(hromada_a, history, setup):
    figures = hotline.analytics(hromada_a, date(2026, 11, 1), date(2026, 11, 5))
    assert figures["total"] == 6
    assert figures["days"] == [(date(2026, 11, 1), 0), (date(2026, 11, 2), 2), (date(2026, 11, 3), 2),
                               (date(2026, 11, 4), 0), (date(2026, 11, 5), 2)]
    assert figures["by_category"] == [("Аварії водопостачання", 3), (gettext("no category"), 2), ("Ремонт доріг", 1)]
    assert [(str(label), n) for label, n in figures["by_outcome"]] == [
        (str(HotlineCall.Outcome.CONSULTED.label), 2), (str(HotlineCall.Outcome.CASE.label), 3),
        (str(HotlineCall.Outcome.DROPPED.label), 1)]
    assert figures["on_the_spot"] == 40.0  # 2 of the 5 calls that stated a matter
    assert figures["close"] == {"count": 3, "median": 4.0, "p95": 9.4}
    narrow = hotline.analytics(hromada_a, date(2026, 11, 3), date(2026, 11, 3))
    assert (narrow["total"], narrow["close"]) == (2, {"count": 2, "median": 3.0, "p95": 3.9})


def test_the_figures_page_filters_and_exports(client_a, hromada_a, history, setup):
    client_a.force_login(setup["registrar"])
    url = reverse("hotline:analytics")
    page = client_a.get(url, {"start": "2026-11-01", "end": "2026-11-05"}).content.decode()
    assert "40.0%" in page or "40,0%" in page
    assert "Таємна Особа" not in page
    response = client_a.get(url, {"start": "2026-11-01", "end": "2026-11-05", "format": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 1 + 5 + 3 + 3 + 3
    assert rows[2][1:] == ["2026-11-02", "2"]
    response = client_a.get(url, {"start": "2026-11-01", "end": "2026-11-05", "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 15
    bad = client_a.get(url, {"start": "2026-11-05", "end": "2026-11-01"})
    assert bad.status_code == 200 and "error-summary" in bad.content.decode()


def test_public_page_has_figures_and_no_personal_data(client_a, hromada_a, setup):
    operator = setup["operator"]
    now = timezone.now()
    hotline.consult(hromada_a, actor=operator, caller_name="Таємна Особа", caller_phone="0509876543",
                    summary="Секретне питання", answer="Так", category=setup["roads"], received_at=now)
    call = hotline.register_call(hromada_a, actor=operator, caller_name="Таємна Особа", summary="Прорив труби",
                                 category=setup["water"], received_at=now - timedelta(hours=1))
    Case.objects.filter(pk=call.case_id).update(status="closed", closed_at=now + timedelta(hours=5))
    figures = hotline.public_figures(hromada_a)
    assert figures["total"] == 2 and figures["on_the_spot"] == 50.0 and figures["median_close"] == 6.0
    assert figures["months"][-1][1] == 2 and len(figures["months"]) == 12
    assert figures["top_categories"] == [("Аварії водопостачання", 1), ("Ремонт доріг", 1)]
    page = client_a.get(reverse("hotline-public:index")).content.decode()
    for secret in ("Таємна", "0509876543", "+380509876543", "Секретне", "Прорив труби", call.case.number):
        assert secret not in page
    assert "Аварії водопостачання" in page


def test_public_page_shows_the_hotline_number_or_says_it_is_not_set(client_a, hromada_a):
    url = reverse("hotline-public:index")
    assert hotline.public_phone(hromada_a) == ""
    not_set = client_a.get(url).content.decode()
    Contacts.objects.create(hromada=hromada_a, phones=[{"label": "Приймальня", "number": "+380441111111"},
                                                       {"label": "Гаряча лінія", "number": "+380800500500"}])
    page = client_a.get(url).content.decode()
    assert "+380800500500" in page and "+380800500500" not in not_set and "+380441111111" not in page
    Contacts.objects.all().delete()
    hromada_a.settings = {"hotline.phone": "15-80", "hotline.hours": "Пн–Пт 8:00–17:00"}
    hromada_a.save()
    page = client_a.get(url).content.decode()
    assert "15-80" in page and "Пн–Пт 8:00–17:00" in page
