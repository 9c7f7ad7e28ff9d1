"""Staff pages of the catalogue and the offices: a new service, its card written line by line, the approval by
an act of the registry (or as written), new versions; the office's week, windows and special days re-plan the
slots at once; the statistics page and its export."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from django.utils import timezone

from hromada.cnap.models import CardStatus, Office, OfficeDay, Service, ServiceCard, Slot, Window
from tests.apiclient import uk
from tests.cnap.world import next_weekday

pytestmark = pytest.mark.django_db

CARD = {
    "provider": "Виконавчий комітет ради", "provider_unit": "Відділ земельних відносин",
    "documents": "Заява | оригінал\nКадастровий план | копія, засвідчена заявником",
    "term_amount": "10", "term_unit": "working_days", "term_basis": "ст. 38 Закону № 3613-VI",
    "result": "Витяг або відмова", "delivery": ["in_person", "cabinet"],
    "legal_acts": "Закон № 5203-VI\nЗакон № 3613-VI", "refusal_grounds": "Неповний пакет документів",
    "stages": "Прийом заяви | Адміністратор ЦНАП | ЦНАП | В | 1\nВидача результату | Адміністратор ЦНАП | ЦНАП | В | 1",
    "application_fields": "plot | Кадастровий номер | text | так |\npurpose | Мета | choice | ні | продаж; оренда",
    "uploads": "Паспорт | так | так",
}


def test_write_and_approve_a_card_by_an_act_of_the_registry(client_a, cnap):
    from hromada.acts.models import Act
    from hromada.acts.numbers import number_key

    act = Act.objects.create(hromada=cnap.hromada, number="41", number_key=number_key("41"), date=date(2026, 2, 26),
                             type="executive_decision", title="Про затвердження інформаційних карток",
                             status="adopted")
    client_a.force_login(cnap.admin)
    response = client_a.post("/staff/cnap/catalogue/new/", {
        "title": "Витяг з ДЗК про земельну ділянку", "code": "00031", "offices": [cnap.office.pk],
        "duration_minutes": "20", "is_active": "on", "online": "on"})
    service = Service.objects.get(code="00031")
    assert response["Location"] == f"/staff/cnap/catalogue/{service.pk}/"
    client_a.post(f"/staff/cnap/catalogue/{service.pk}/draft/")
    draft = service.cards.get()
    bad = client_a.post(f"/staff/cnap/catalogue/{service.pk}/cards/{draft.pk}/edit/",
                        CARD | {"stages": "Прийом заяви | Адміністратор | ЦНАП | Х | 1"})
    assert bad.status_code == 400 and ServiceCard.objects.get(pk=draft.pk).stages == []
    client_a.post(f"/staff/cnap/catalogue/{service.pk}/cards/{draft.pk}/edit/", CARD)
    draft.refresh_from_db()
    assert draft.documents[1] == {"title": "Кадастровий план", "requirements": "копія, засвідчена заявником"}
    assert draft.stages[1]["days"] == 1 and draft.application_fields[1]["choices"] == ["продаж", "оренда"]
    assert draft.uploads == [{"title": "Паспорт", "required": True, "diia_sharing": True}]
    page = client_a.get(f"/staff/cnap/catalogue/{service.pk}/").content.decode()
    assert uk("Approve and publish") in page
    client_a.post(f"/staff/cnap/catalogue/{service.pk}/cards/{draft.pk}/approve/",
                  {"act_number": "41", "act_date": "2026-02-27"})  # wrong date: no such act
    assert ServiceCard.objects.get(pk=draft.pk).status == CardStatus.DRAFT
    client_a.post(f"/staff/cnap/catalogue/{service.pk}/cards/{draft.pk}/approve/",
                  {"act_number": "№ 41", "act_date": "2026-02-26"})
    draft.refresh_from_db()
    assert draft.status == CardStatus.APPROVED and draft.act == act
    assert client_a.get(f"/services/{service.pk}/").status_code == 200
    client_a.post(f"/staff/cnap/catalogue/{service.pk}/draft/")
    assert service.cards.get(status=CardStatus.DRAFT).version == 2


def test_the_offices_week_windows_and_days_replan_the_slots(client_a, cnap):
    client_a.force_login(cnap.admin)
    office = cnap.office
    url = f"/staff/cnap/offices/{office.pk}/"
    monday = next_weekday(0)
    week = {"form": "hours"}
    for n in range(5):
        week |= {f"opens_{n}": "09:00", f"closes_{n}": "18:00"}
    assert client_a.post(url, week | {"opens_5": "10:00"}).status_code == 400  # Saturday without its closing time
    client_a.post(url, week)
    assert [(h.weekday, h.opens) for h in office.hours.all()] == [(n, time(9)) for n in range(5)]
    first = Slot.objects.filter(office=office, starts_at__date=monday).order_by("starts_at").first()
    assert timezone.localtime(first.starts_at).time() == time(9)
    client_a.post(url, {"form": "window", "number": "7", "label": "Новий", "services": [cnap.residence.pk],
                        "bookable": "on", "is_active": "on"})
    assert Slot.objects.filter(window=Window.objects.get(office=office, number="7"), starts_at__date=monday).exists()
    client_a.post(url, {"form": "day", "day": monday.isoformat(), "closed": "on", "reason": "Санітарний день"})
    assert OfficeDay.objects.get(office=office, day=monday).reason == "Санітарний день"
    assert not Slot.objects.filter(office=office, starts_at__date=monday).exists()
    assert client_a.post(url, {"form": "day", "day": monday.isoformat()}).status_code == 400  # neither hours nor closed
    day = OfficeDay.objects.get(office=office, day=monday)
    client_a.post(url, {"form": "delete_day", "day_id": day.pk})
    assert Slot.objects.filter(office=office, starts_at__date=monday).exists()
    response = client_a.post("/staff/cnap/offices/new/", {"name": "Віддалене місце", "kind": "remote",
                                                          "slot_minutes": "15", "ticket_prefix": "В", "order": "1",
                                                          "is_active": "on"})
    assert response.status_code == 302 and Office.objects.filter(name="Віддалене місце").exists()
    assert client_a.post("/staff/cnap/offices/new/", {"name": "Х", "kind": "main", "slot_minutes": "1",
                                                      "ticket_prefix": "Х", "order": "0"}).status_code == 400


def test_statistics_page_and_export(client_a, cnap):
    from hromada.cnap.queue import live

    now = timezone.now() - timedelta(minutes=30)
    ticket = live.issue(cnap.office, service=cnap.residence, now=now)
    live.call_next(cnap.office, cnap.windows[0].pk, actor=cnap.admin, now=now + timedelta(minutes=6))
    live.complete(cnap.office, ticket.pk, actor=cnap.admin, now=now + timedelta(minutes=20))
    client_a.force_login(cnap.admin)
    page = client_a.get("/staff/cnap/statistics/").content.decode()
    assert "Декларування місця проживання" in page and "<td>6,0</td>" in page  # the median wait, minutes
    assert client_a.get("/staff/cnap/statistics/", {"year": "abc"}).status_code == 200
    export = client_a.get("/staff/cnap/statistics/", {"export": "xlsx"})
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_ids_that_are_not_numbers_change_nothing(client_a, cnap):
    client_a.force_login(cnap.admin)
    url = f"/staff/cnap/offices/{cnap.office.pk}/"
    assert client_a.post(url, {"form": "delete_day", "day_id": "abc"}).status_code == 302
    assert client_a.post(url, {"form": "window", "window_id": "1e9", "number": ""}).status_code == 400
    assert client_a.post(f"/staff/cnap/{cnap.office.pk}/act/", {"action": "call", "window": "x"}).status_code == 404
    assert Window.objects.filter(office=cnap.office).count() == 4


def test_service_figures_for_one_month(cnap):
    from hromada.cnap import statistics
    from hromada.cnap.queue import live

    now = timezone.now()
    ticket = live.issue(cnap.office, service=cnap.residence, now=now)
    live.call_next(cnap.office, cnap.windows[0].pk, actor=cnap.admin, now=now)
    live.complete(cnap.office, ticket.pk, actor=cnap.admin, now=now)
    this_month, other = now.month, now.month % 12 + 1
    assert [r["served"] for r in statistics.per_service(cnap.hromada, now.year, this_month)] == [1]
    assert statistics.per_service(cnap.hromada, now.year, other) == []
