"""A small ЦНАП for the tests: an office with hours (Mon–Fri 08–17 with a lunch break, Wednesday to 20:00,
Saturday 08–15), two bookable windows and a live-queue window, two services with approved cards."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from hromada.cnap.catalogue import services as catalogue
from hromada.cnap.models import Office, OfficeHours, Service, Window
from hromada.cnap.queue.schedule import sync_slots

WEEK = {0: ("08:00", "17:00", "12:00", "13:00"), 1: ("08:00", "17:00", "12:00", "13:00"), 2: ("08:00", "20:00"),
        3: ("08:00", "17:00", "12:00", "13:00"), 4: ("08:00", "16:00", "12:00", "13:00"), 5: ("08:00", "15:00")}


def complete_card(**overrides) -> dict:
    values = {
        "provider": "Виконавчий комітет ради", "provider_unit": "Відділ реєстрації місця проживання",
        "documents": [{"title": "Заява", "requirements": "оригінал"},
                      {"title": "Паспорт громадянина України", "requirements": "пред'являється"}],
        "paid": False, "fee_basis": "", "term_amount": 1, "term_unit": "same_day",
        "term_basis": "ч. 7 ст. 7 Закону № 1871-IX", "result": "Відомості внесено до реєстру громади",
        "delivery": ["in_person", "cabinet"], "legal_acts": ["Закон № 5203-VI", "Закон № 1871-IX"],
        "refusal_grounds": ["Неповний пакет документів"],
        "stages": [{"title": "Прийом заяви", "responsible": "Адміністратор ЦНАП", "unit": "ЦНАП", "action": "В",
                    "days": 0}, {"title": "Видача результату", "responsible": "Адміністратор ЦНАП", "unit": "ЦНАП",
                                 "action": "В", "days": 0}],
    }
    values.update(overrides)
    return values


def approved_service(hromada, actor, offices, *, title: str, code: str = "", online: bool = False) -> Service:
    service = Service.objects.create(hromada=hromada, title=title, code=code, online=online)
    service.offices.set(offices)
    draft = catalogue.draft_of(service, actor=actor, hromada=hromada)
    catalogue.save_draft(draft, complete_card(), actor=actor, hromada=hromada)
    catalogue.approve(draft, actor=actor, hromada=hromada, act_reference="Рішення виконкому від 01.02.2026 № 7")
    service.refresh_from_db()
    return service


@dataclass
class Cnap:
    hromada: object
    admin: object
    office: Office
    windows: list
    residence: Service
    land: Service

    def sync(self, first: date, days: int = 7) -> None:
        sync_slots(self.office, first, first + timedelta(days=days))


def at(day: date, hhmm: str) -> datetime:
    return datetime.combine(day, time.fromisoformat(hhmm), tzinfo=timezone.get_default_timezone())


def next_weekday(weekday: int, after: date | None = None) -> date:
    day = (after or timezone.localdate()) + timedelta(days=1)
    while day.weekday() != weekday:
        day += timedelta(days=1)
    return day


def build_cnap(hromada, admin, *, capacity_windows: int = 2) -> Cnap:
    office = Office.objects.create(hromada=hromada, name="ЦНАП", address="вул. Центральна, 1", slot_minutes=15,
                                   ticket_prefix="А")
    for weekday, (opens, closes, *pause) in WEEK.items():
        OfficeHours.objects.create(office=office, weekday=weekday, opens=time.fromisoformat(opens),
                                   closes=time.fromisoformat(closes),
                                   break_starts=time.fromisoformat(pause[0]) if pause else None,
                                   break_ends=time.fromisoformat(pause[1]) if pause else None)
    residence = approved_service(hromada, admin, [office], title="Декларування місця проживання", code="00042")
    land = approved_service(hromada, admin, [office], title="Витяг з Державного земельного кадастру", code="00100")
    windows = []
    for n in range(1, capacity_windows + 1):
        window = Window.objects.create(office=office, number=str(n))
        window.services.set([residence])
        windows.append(window)
    registrar = Window.objects.create(office=office, number="5")
    registrar.services.set([land])
    live = Window.objects.create(office=office, number="6", bookable=False)
    live.services.set([residence, land])
    return Cnap(hromada=hromada, admin=admin, office=office, windows=[*windows, registrar, live],
                residence=residence, land=land)
