"""The staff pages of the equipment register: who may do what (anonymous, clerk, department head, programme manager,
administrator), another hromada's records a 404 on every URL, bad input a 400 with nothing changed, the numbers
Ukrainians type, the export, the label sheet's QR codes, the sections other concerns add, and a list page whose
queries do not grow with the number of items."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from decimal import Decimal

import pytest
import segno
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, reverse
from django.utils import timezone

from hromada.acts.models import Act
from hromada.acts.numbers import number_key
from hromada.core.models import AuditEntry
from hromada.itassets.equipment import labels, sections, services
from hromada.itassets.equipment.urls import urlpatterns
from hromada.itassets.models import Assignment, Category, CategoryPolicy, Equipment, InventoryCheck, InventoryRound
from tests.factories import DepartmentFactory, InstitutionFactory, member

pytestmark = pytest.mark.django_db
S = Equipment.Status


def url(name, *args):
    return reverse(f"itassets-staff:equipment-{name}", args=args)


@pytest.fixture
def manager(hromada_a):
    return member(hromada_a, "programme_manager", full_name="Ірина Менеджер")


def _item(hromada, actor, number="10140001", **fields):
    values = {"inventory_number": number, "category": Category.COMPUTER, "name": "Комп’ютер бухгалтера",
              "purchase_date": date(2024, 3, 1), "cost": Decimal("24000.50")}
    values.update(fields)
    return services.create_item(hromada, actor, **values)


@pytest.fixture
def world(hromada_a, hromada_b, manager):
    """A's item, round and act; B's item (with a marker in every text), round and act."""
    b_admin = member(hromada_b, "hromada_admin")
    a_item = _item(hromada_a, manager)
    a_round = services.open_round(hromada_a, actor=manager, title="Інвентаризація ради", started_on=date(2025, 1, 10))
    b_item = _item(hromada_b, b_admin, "ЛИШЕБ-1", name="ЛИШЕБ комп’ютер", model="ЛИШЕБ")
    b_round = services.open_round(hromada_b, actor=b_admin, title="ЛИШЕБ інвентаризація", started_on=date(2025, 1, 10))
    b_act = Act.objects.create(hromada=hromada_b, number="99", number_key=number_key("99"), date=date(2025, 1, 1),
                               type="executive_decision", status="adopted", title="ЛИШЕБ рішення")
    return {"a_item": a_item, "a_round": a_round, "b_item": b_item, "b_round": b_round, "b_act": b_act,
            "b_admin": b_admin}


def _state():
    return (list(Equipment.objects.order_by("pk").values()), list(Assignment.objects.order_by("pk").values()),
            list(InventoryRound.objects.order_by("pk").values()), list(InventoryCheck.objects.order_by("pk").values()),
            list(CategoryPolicy.objects.values()), AuditEntry.objects.exclude(action="read").count())


def _body(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8", "replace")


# --- permissions ------------------------------------------------------------------------------------------

VIEW_PAGES = ("list", "summary", "labels", "policies", "rounds")
MANAGE_PAGES = ("create", "round-new", "import")


@pytest.mark.parametrize(("role", "view", "manage"), [
    ("clerk", 403, 403), ("council_secretary", 403, 403), ("department_head", 200, 403),
    ("programme_manager", 200, 200), ("hromada_admin", 200, 200),
])
def test_who_may_see_and_change(client_a, hromada_a, world, role, view, manage):
    client_a.force_login(member(hromada_a, role))
    item, round_ = world["a_item"], world["a_round"]
    for name in VIEW_PAGES:
        assert client_a.get(url(name)).status_code == view, name
    assert client_a.get(url("detail", item.pk)).status_code == view
    assert client_a.get(url("round", round_.pk)).status_code == view
    for name in MANAGE_PAGES:
        assert client_a.get(url(name)).status_code == manage, name
    for name in ("edit", "check-out", "status", "write-off"):
        assert client_a.get(url(name, item.pk)).status_code == manage, name
    assert client_a.get(url("policy", "laptop")).status_code == manage
    before = _state()
    if manage == 403:
        assert client_a.post(url("write-off", item.pk), {"written_off_on": "2025-01-01", "reason": "Знос",
                                                         "confirm": "on"}).status_code == 403
        assert client_a.post(url("round-close", round_.pk), {"closed_on": "2025-01-11", "confirm": "on"}
                             ).status_code == 403
        assert _state() == before


def test_anonymous_goes_to_sign_in(client_a, world):
    for target in (url("list"), url("detail", world["a_item"].pk), url("labels") + "?category=computer",
                   url("create"), url("import")):
        response = client_a.get(target)
        assert (response.status_code == 302 and "/login" in response["Location"]) or "/accounts/" in response[
            "Location"], target


# --- tenant isolation -------------------------------------------------------------------------------------


def _routes(world):
    values = {"pk": world["b_item"].pk, "round_pk": world["b_round"].pk, "category": "computer",
              "import_id": uuid.uuid4(), "mode": "all"}
    for pattern in urlpatterns:
        assert isinstance(pattern, URLPattern)
        names = pattern.pattern.converters.keys()
        yield pattern.name, reverse(f"itassets-staff:{pattern.name}", kwargs={n: values[n] for n in names}), bool(
            set(names) & {"pk", "round_pk", "import_id"})


def test_another_hromadas_records_are_a_404_on_every_url(client_a, hromada_a, hromada_b, world):
    client_a.force_login(member(hromada_a, "hromada_admin"))
    before_b = (list(Equipment.objects.filter(hromada=hromada_b).values()),
                list(InventoryRound.objects.filter(hromada=hromada_b).values()),
                AuditEntry.objects.filter(hromada=hromada_b).count())
    payload = {"name": "ЗЛАМ", "inventory_number": "ЗЛАМ", "category": "computer", "status": "in_use",
               "reason": "ЗЛАМ", "confirm": "on", "written_off_on": "2025-02-01", "checked_out_on": "2025-02-01",
               "checked_in_on": "2025-02-01", "person_name": "ЗЛАМ", "result": "found", "item": world["b_item"].pk,
               "closed_on": "2025-02-01", "useful_life_years": "3", "audit_interval_months": "6",
               "title": "ЗЛАМ", "started_on": "2025-02-01"}
    checked = 0
    for _name, target, names_an_object in _routes(world):
        for method in ("get", "post"):
            response = getattr(client_a, method)(target, payload if method == "post" else None)
            assert "ЛИШЕБ" not in _body(response), f"{method} {target} shows B's data"
            if names_an_object:
                assert response.status_code in (404, 405), f"{method} {target} → {response.status_code}"
            checked += 1
    assert checked > 40
    # B's item named in A's forms and filters is refused or unseen.
    assert "ЛИШЕБ" not in _body(client_a.get(url("labels") + f"?ids={world['b_item'].pk}"))
    assert "ЛИШЕБ" not in _body(client_a.get(url("list") + "?export=csv&q=ЛИШЕБ"))
    response = client_a.post(url("round-record", world["a_round"].pk), {"item": world["b_item"].pk,
                                                                          "result": "found"})
    assert response.status_code == 400
    assert (list(Equipment.objects.filter(hromada=hromada_b).values()),
            list(InventoryRound.objects.filter(hromada=hromada_b).values()),
            AuditEntry.objects.filter(hromada=hromada_b).count()) == before_b
    assert not InventoryCheck.objects.exists()


def test_foreign_keys_of_another_hromada_in_forms_are_refused(client_a, hromada_a, hromada_b, world, manager):
    client_a.force_login(manager)
    item = world["a_item"]
    before = _state()
    b_institution = InstitutionFactory(hromada=hromada_b)
    responses = [
        client_a.post(url("edit", item.pk), {"inventory_number": "1", "category": "computer", "name": "Н",
                                             "status": "in_use", "institution": b_institution.pk}),
        client_a.post(url("edit", item.pk), {"inventory_number": "1", "category": "computer", "name": "Н",
                                             "status": "in_use", "parent_number": "ЛИШЕБ-1"}),
        client_a.post(url("check-out", item.pk), {"institution": b_institution.pk, "checked_out_on": "2025-01-01"}),
        client_a.post(url("check-out", item.pk), {"user": world["b_admin"].pk, "checked_out_on": "2025-01-01"}),
        client_a.post(url("write-off", item.pk), {"written_off_on": "2025-01-01", "reason": "Знос", "confirm": "on",
                                                  "act_number": "99"}),
        client_a.post(url("round-new"), {"title": "Т", "started_on": "2025-01-01", "institution": b_institution.pk}),
    ]
    assert [r.status_code for r in responses] == [400] * 6
    assert "ЛИШЕБ" not in "".join(_body(r) for n, r in enumerate(responses) if n != 1)
    assert "У громади немає обладнання з інвентарним номером ЛИШЕБ-1." in _body(responses[1])  # as typed
    assert _state() == before


# --- forms and bad input ----------------------------------------------------------------------------------


def test_an_item_is_created_as_typed(client_a, hromada_a, manager):
    client_a.force_login(manager)
    department = DepartmentFactory(hromada=hromada_a, name="Фінансовий відділ")
    response = client_a.post(url("create"), {
        "inventory_number": " ПK-0012 ", "category": "laptop", "name": "Ноутбук\x0bголови", "cost": "24 000,50",
        "purchase_date": "2024-02-29", "useful_life_years": "4", "department": department.pk, "status": "in_use",
        "funding_source": "local", "room": "Кабінет 9"})
    item = Equipment.objects.get()
    assert response.status_code == 302 and response["Location"] == url("detail", item.pk)
    assert (item.inventory_number, item.name, item.cost, item.end_of_life) == ("ПК-0012", "Ноутбук голови",
                                                                              Decimal("24000.50"), date(2028, 2, 29))
    page = _body(client_a.get(url("detail", item.pk)))
    assert "24\u00a0000,50" in page  # the cost as Ukrainians read it (a no-break space between thousands)
    assert "29 лютого 2028 р." in page


@pytest.mark.parametrize("data", [
    {"cost": "дорого"},
    {"cost": "-5"},
    {"cost": "1 0000,5"},
    {"purchase_date": "2099-01-01"},
    {"purchase_date": "31.02.2024"},
    {"name": "Комп\x00ютер"},
    {"inventory_number": "10140001"},  # the existing item's
    {"inventory_number": ""},
    {"category": "toaster"},
    {"status": "written_off"},
    {"warranty_until": "2020-01-01"},
    {"useful_life_years": "0"},
    {"parent_number": "НЕМАЄ-1"},
    {"institution": "99999999999999999999"},
])
def test_bad_input_is_a_400_and_changes_nothing(client_a, world, manager, data):
    client_a.force_login(manager)
    before = _state()
    payload = {"inventory_number": "10140002", "category": "computer", "name": "Новий", "status": "in_use",
               "purchase_date": "2024-03-01", **data}
    response = client_a.post(url("create"), payload)
    assert response.status_code == 400
    assert "error-summary" in _body(response)
    assert _state() == before


def test_garbage_in_urls_and_filters_is_no_500(client_a, world, manager):
    client_a.force_login(manager)
    for target in (url("list") + "?older_than_years=abc&institution=9" + "9" * 30 + "&page=x&sort=evil&flag=bad",
                   url("list") + "?q=%00&category=%00", url("labels") + "?ids=abc&ids=-1&ids=" + "9" * 40,
                   url("summary") + "?older_than_years=-3", url("rounds") + "?page=999",
                   "/staff/it/equipment/99999999999999999999999/", "/staff/it/equipment/rounds/0/",
                   url("policy", "toaster")):
        response = client_a.get(target)
        assert response.status_code in (200, 404), target
    before = _state()
    item = world["a_item"]
    for target, data in ((url("check-out", item.pk), {"checked_out_on": "вчора"}),
                         (url("check-out", item.pk), {"checked_out_on": "2025-01-01"}),  # to nobody
                         (url("check-in", item.pk), {"checked_in_on": "2025-01-01"}),  # not handed out
                         (url("status", item.pk), {"status": "written_off"}),
                         (url("write-off", item.pk), {"written_off_on": "2025-01-01", "reason": "Знос"}),  # unconfirmed
                         (url("write-off", item.pk), {"written_off_on": "2025-01-01", "reason": "", "confirm": "on"}),
                         (url("undo-write-off", item.pk), {"reason": "Помилка"}),  # not written off
                         (url("policy", "laptop"), {"useful_life_years": "0", "audit_interval_months": "12"}),
                         (url("round-new"), {"title": "", "started_on": "2025-01-01"}),
                         (url("round-record", world["a_round"].pk), {"item": "abc", "result": "found"}),
                         (url("round-record", world["a_round"].pk), {"form": "add", "add-number": "НЕМАЄ",
                                                                     "add-result": "found"}),
                         (url("round-close", world["a_round"].pk), {"closed_on": "2099-01-01", "confirm": "on"}),
                         (url("round-close", world["a_round"].pk), {"closed_on": "2025-01-09", "confirm": "on"})):
        response = client_a.post(target, data)
        assert response.status_code == 400, (target, data, response.status_code)
    assert _state() == before


def test_check_out_write_off_and_undo_through_the_pages(client_a, hromada_a, manager, world):
    client_a.force_login(manager)
    item = world["a_item"]
    clerk = member(hromada_a, "clerk", full_name="Олена Діловод")
    act = Act.objects.create(hromada=hromada_a, number="214", number_key=number_key("214"), date=date(2025, 10, 1),
                             type="executive_decision", status="adopted", title="Про списання")
    assert client_a.post(url("check-out", item.pk), {"user": clerk.pk, "room": "12",
                                                     "checked_out_on": "2024-03-05"}).status_code == 302
    item.refresh_from_db()
    assert item.assigned_user == clerk
    page = _body(client_a.get(url("detail", item.pk)))
    assert "Олена Діловод" in page and url("check-in", item.pk) in page
    assert client_a.post(url("write-off", item.pk), {"written_off_on": "2025-10-02", "reason": "Знос",
                                                     "act_number": "№ 214", "confirm": "on"}).status_code == 302
    item.refresh_from_db()
    assert (item.status, item.write_off_act) == (S.WRITTEN_OFF, act)
    page = _body(client_a.get(url("detail", item.pk)))
    assert "Дата списання</dt><dd>2 жовтня 2025 р.</dd>" in page and reverse("acts:detail", args=[act.pk]) in page
    assert client_a.get(url("check-out", item.pk)).status_code == 200
    response = client_a.post(url("check-out", item.pk), {"person_name": "Хтось", "checked_out_on": "2025-10-03"})
    assert response.status_code == 400 and "Списане обладнання не можна видати." in _body(response)
    assert client_a.post(url("undo-write-off", item.pk), {"reason": "Помилка"}).status_code == 302
    item.refresh_from_db()
    assert item.status == S.IN_STOCK


def test_a_round_through_the_pages(client_a, hromada_a, manager):
    client_a.force_login(manager)
    school = InstitutionFactory(hromada=hromada_a, name="Школа", short_name="Школа")
    pcs = [_item(hromada_a, manager, f"Ш-{n}", institution=school) for n in range(3)]
    stray = _item(hromada_a, manager, "Р-1")
    today = timezone.localdate()
    response = client_a.post(url("round-new"), {"title": "Річна інвентаризація", "institution": school.pk,
                                                "started_on": today.isoformat()})
    round_ = InventoryRound.objects.get()
    assert response["Location"] == url("round", round_.pk)
    assert client_a.post(url("round-record", round_.pk), {"item": pcs[0].pk, "result": "found"}).status_code == 302
    assert client_a.post(url("round-record", round_.pk), {"item": pcs[1].pk, "result": "moved",
                                                          "found_location": "Учительська"}).status_code == 302
    assert client_a.post(url("round-record", round_.pk), {"form": "add", "add-number": "р-1", "add-result": "found",
                                                          "add-note": "У класі"}).status_code == 302
    page = _body(client_a.get(url("round", round_.pk)))
    assert "Учительська" in page and "Виявлено тут, обліковується деінде" in page
    assert client_a.post(url("round-close", round_.pk), {"closed_on": today.isoformat(),
                                                         "confirm": "on"}).status_code == 302
    page = _body(client_a.get(url("round", round_.pk)))
    assert "Відсутнє обладнання" in page and "Ш-2" in page
    stray.refresh_from_db()
    assert stray.last_checked_on == today
    assert client_a.post(url("round-close", round_.pk), {"closed_on": today.isoformat(),
                                                         "confirm": "on"}).status_code == 400


def test_a_policy_through_its_page(client_a, hromada_a, manager):
    client_a.force_login(manager)
    item = _item(hromada_a, manager, category=Category.LAPTOP, purchase_date=date(2024, 2, 29))
    assert client_a.post(url("policy", "laptop"), {"useful_life_years": "4",
                                                   "audit_interval_months": "6"}).status_code == 302
    item.refresh_from_db()
    assert (item.end_of_life, item.next_check_due) == (date(2028, 2, 29), date(2024, 8, 29))
    page = _body(client_a.get(url("policies")))
    assert "встановлено громадою" in page
    assert client_a.post(url("policy", "laptop"), {"action": "default"}).status_code == 302
    item.refresh_from_db()
    assert item.end_of_life == date(2029, 2, 28)


# --- the list: filters, export, bounded queries -----------------------------------------------------------


def test_filters_and_export(client_a, hromada_a, manager):
    client_a.force_login(manager)
    today = timezone.localdate()
    old = _item(hromada_a, manager, "1", name="Старий ПК", purchase_date=today - timedelta(days=6 * 366))
    new = _item(hromada_a, manager, "2", name="Новий ПК", purchase_date=today - timedelta(days=100))
    printer = _item(hromada_a, manager, "3", category=Category.PRINTER, name="МФУ Canon",
                    purchase_date=today - timedelta(days=7 * 366))
    services.check_out(new, actor=manager, hromada=hromada_a, on=today, person_name="Тарас Шевченко")

    def found(query):
        page = _body(client_a.get(url("list") + "?" + query))
        return {name for name in ("Старий ПК", "Новий ПК", "МФУ Canon") if name in page}

    assert found("category=computer&older_than_years=5") == {"Старий ПК"}
    assert found("flag=past_end_of_life") == {"Старий ПК", "МФУ Canon"}
    assert found("q=шевченко") == {"Новий ПК"}
    assert found("q=canon") == {"МФУ Canon"}
    assert found("institution=0&category=printer") == {"МФУ Canon"}
    response = client_a.get(url("list") + "?category=computer&older_than_years=5&export=csv")
    text = _body(response)
    assert response["Content-Type"].startswith("text/csv")
    assert text.startswith("\ufeffінвентарний номер;категорія;назва")
    assert "Старий ПК" in text and "Новий ПК" not in text
    assert AuditEntry.objects.filter(action="export", object_type="itassets.equipment").count() == 1
    assert client_a.get(url("list") + "?export=xlsx").status_code == 200
    assert {old.pk, printer.pk}  # both exist


def _list_queries(client, count_target):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url("list") + "?category=computer&older_than_years=1")
    assert response.status_code == 200
    assert _body(response).count('name="ids"') == count_target
    return len(captured)


def test_the_list_costs_the_same_queries_for_6_or_60_items(client_a, hromada_a, manager,
                                                           django_assert_max_num_queries):
    client_a.force_login(manager)
    school = InstitutionFactory(hromada=hromada_a)
    department = DepartmentFactory(hromada=hromada_a)
    parent = _item(hromada_a, manager, "P-0", category=Category.SERVER)

    def add(start, stop):
        for n in range(start, stop):
            item = _item(hromada_a, manager, f"N-{n}", purchase_date=date(2020, 1, 1) + timedelta(days=n),
                         institution=school if n % 2 else None, department=department, parent=parent)
            services.check_out(item, actor=manager, hromada=hromada_a, on=date(2024, 1, 1), user=manager)

    add(0, 6)
    few = _list_queries(client_a, 6)
    add(6, 60)
    assert _list_queries(client_a, 50) == few  # 50 a page
    with django_assert_max_num_queries(12):  # the session, the roles, the menu, the filters' choices, count, page
        client_a.get(url("list") + "?category=computer&older_than_years=1&page=2")
    with CaptureQueriesContext(connection) as captured:
        assert client_a.get(url("summary")).status_code == 200
    summary_queries = len(captured)
    add(60, 80)
    with CaptureQueriesContext(connection) as captured:
        client_a.get(url("summary"))
    assert len(captured) == summary_queries


# --- labels -----------------------------------------------------------------------------------------------


def test_a_label_sheet_with_qr_codes_of_the_items_pages(client_a, hromada_a, manager):
    client_a.force_login(manager)
    items = [_item(hromada_a, manager, f"ПК-{n}", name=f"Комп’ютер {n}") for n in range(3)]
    expected = f"http://a.localhost/staff/it/equipment/{items[0].pk}/"
    assert labels.payload(hromada_a, items[0]) == expected
    code = labels.qr(expected)
    # At least medium: segno raises the level when the same version allows (ids of four digits and more).
    assert code.matrix == segno.make_qr(expected, error="m").matrix and code.error in {"M", "Q", "H"}
    response = client_a.get(url("labels") + f"?ids={items[0].pk}&ids={items[2].pk}")
    page = _body(response)
    assert page.count('class="label"') == 2
    assert "ПК-0" in page and "ПК-2" in page and "ПК-1" not in page and "Громада А" in page
    assert page.count('<svg aria-hidden="true"') == 2
    assert str(labels.svg(code)) in page  # the very QR code of the item's address
    by_filter = _body(client_a.get(url("labels") + "?category=computer"))
    assert by_filter.count('class="label"') == 3
    assert "label-sheet" not in _body(client_a.get(url("labels")))  # nothing chosen: the filters first


# --- sections other concerns add --------------------------------------------------------------------------


def test_other_concerns_add_sections_to_the_item_page(client_a, hromada_a, manager, monkeypatch):
    sections.discover()
    monkeypatch.setattr(sections, "SECTIONS", dict(sections.SECTIONS))

    # Any template will do: the equipment's own tabs, given the context the section function returns.
    @sections.section("tests.extra", title="Додатковий розділ", template="itassets/equipment/_nav.html", order=1)
    def extra(request, item):
        return {"tab": "rounds"} if item.category == Category.COMPUTER else None

    client_a.force_login(manager)
    pc = _item(hromada_a, manager, "1")
    printer = _item(hromada_a, manager, "2", category=Category.PRINTER)
    page = _body(client_a.get(url("detail", pc.pk)))
    assert '<h2 id="section-1">Додатковий розділ</h2>' in page
    assert f'href="{url("rounds")}" aria-current="page"' in page
    assert "Додатковий розділ" not in _body(client_a.get(url("detail", printer.pk)))
    with pytest.raises(ValueError):
        sections.section("tests.extra", title="Інший", template="x.html")(lambda request, item: None)
