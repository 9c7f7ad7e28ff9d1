"""Demo ЦНАП of Mohyliv (idempotent; run by core.demo.seed after accounts and acts): the main office, a remote
workplace in the Tsybulkivka starosta district and the mobile office with its visiting days; the catalogue of
``demo_catalogue`` with approved cards; bookable slots for the coming three weeks; bookings of demo residents;
yesterday's live queue with one air-raid pause. Slobozhanska gets a small office and five services, so tenant
isolation shows.

Everything goes through the services (booking, the live queue), the past replayed with explicit ``now``.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from hromada.cnap import demo_catalogue as data
from hromada.cnap.catalogue import services as catalogue
from hromada.cnap.models import (
    Category,
    LifeSituation,
    Office,
    OfficeDay,
    OfficeHours,
    OfficeKind,
    Service,
    Ticket,
    TicketSource,
    Window,
)
from hromada.cnap.queue import booking, live
from hromada.cnap.queue.schedule import reception
from hromada.cnap.queue.tasks import sync_all
from hromada.core.models import Hromada, Settlement, StarostaDistrict, User

MOHYLIV = "UA12020110000034205"
SLOBOZHANSKA = "UA12020250000010438"
CNAP = "cnap@mohyliv.example"
APPROVAL = "Рішення виконавчого комітету Могилівської сільської ради від 26.02.2026 № 41 «Про затвердження " \
           "інформаційних і технологічних карток адміністративних послуг» (DEMO)"
WEEK = {0: ("08:00", "17:00"), 1: ("08:00", "17:00"), 2: ("08:00", "20:00"), 3: ("08:00", "17:00"),
        4: ("08:00", "16:00"), 5: ("08:00", "15:00")}
REMOTE_WEEK = {0: ("09:00", "16:00", "12:00", "13:00"), 2: ("09:00", "16:00", "12:00", "13:00"),
               3: ("09:00", "16:00", "12:00", "13:00")}
MOBILE_STOPS = ("Єгорине", "Зубківка", "Салівка", "Плавещина", "Новоселівка", "Катеринівка")
LAND_AND_PROPERTY = {"land", "property"}


def _t(value: str) -> time:
    return time.fromisoformat(value)


def _office(hromada, name: str, **values) -> Office:
    office, _created = Office.objects.get_or_create(hromada=hromada, name=name, defaults=values)
    return office


def _hours(office: Office, week: dict) -> None:
    for weekday, spec in week.items():
        opens, closes, *pause = spec
        OfficeHours.objects.get_or_create(office=office, weekday=weekday, defaults={
            "opens": _t(opens), "closes": _t(closes), "break_starts": _t(pause[0]) if pause else None,
            "break_ends": _t(pause[1]) if pause else None})


def _catalogue(hromada, actor, offices: list[Office], report, only: int | None = None) -> list[Service]:
    categories = {}
    for order, (key, title) in enumerate(data.CATEGORIES):
        categories[key], created = Category.objects.get_or_create(hromada=hromada, key=key,
                                                                  defaults={"title": title, "order": order})
        report.count("cnap categories", created)
    situations = {}
    for order, (key, title, description) in enumerate(data.LIFE_SITUATIONS):
        situations[key], created = LifeSituation.objects.get_or_create(
            hromada=hromada, key=key, defaults={"title": title, "description": description, "order": order})
    made = []
    for spec in data.SERVICES[:only]:
        service, created = Service.objects.get_or_create(hromada=hromada, code=spec["code"], defaults={
            "title": spec["title"], "category": categories.get(spec["category"]), "description": spec["description"],
            "online": spec["online"], "verification_required": spec.get("verification_required", False),
            "duration_minutes": spec["duration_minutes"]})
        report.count("cnap services", created)
        made.append(service)
        if not created:
            continue
        service.life_situations.set([situations[k] for k in spec["life_situations"] if k in situations])
        service.offices.set(offices if spec["category"] not in LAND_AND_PROPERTY else offices[:1])
        draft = catalogue.draft_of(service, actor=actor, hromada=hromada)
        catalogue.save_draft(draft, {
            "provider": spec["provider"], "provider_unit": spec["provider_unit"], "documents": spec["documents"],
            "paid": spec["paid"], "fee": Decimal(spec["fee"]) if spec["fee"] else None,
            "fee_basis": spec["fee_basis"], "fee_account": spec["fee_account"],
            "term_amount": spec["term_amount"], "term_unit": spec["term_unit"], "term_basis": spec["term_basis"],
            "result": spec["result"], "delivery": spec["delivery"], "legal_acts": spec["legal_acts"],
            "refusal_grounds": spec["refusal_grounds"], "stages": spec["stages"],
            "application_fields": spec["application_fields"], "uploads": spec["uploads"]},
            actor=actor, hromada=hromada)
        catalogue.approve(draft, actor=actor, hromada=hromada, act_reference=APPROVAL)
    return made


def _windows(office: Office, numbers: list[tuple[str, str, list[Service], bool]]) -> None:
    for number, label, services, bookable in numbers:
        window, created = Window.objects.get_or_create(office=office, number=number,
                                                       defaults={"label": label, "bookable": bookable})
        if created:
            window.services.set(services)


def _past_working_day(office: Office, today):
    day = today - timedelta(days=1)
    while not reception(office, day):
        day -= timedelta(days=1)
    return day


def _history(office: Office, actor, services: list[Service], today) -> None:
    """A day of the live queue: walk-ins from opening, windows calling in turn, an air-raid alert 11:10–11:55."""
    day = _past_working_day(office, today)
    if Ticket.objects.filter(office=office, day=day).exists():
        return
    zone = timezone.get_default_timezone()
    opens = datetime.combine(day, time(8, 0), tzinfo=zone)
    windows = list(office.windows.filter(is_active=True).order_by("number"))
    alert = (datetime.combine(day, time(11, 10), tzinfo=zone), datetime.combine(day, time(11, 55), tzinfo=zone))
    tickets = []
    for n in range(48):
        moment = opens + timedelta(minutes=7 * n + (n % 3))
        if alert[0] <= moment < alert[1]:
            continue
        tickets.append(live.issue(office, service=services[n % len(services)], purpose="submit",
                                  source=TicketSource.KIOSK, now=moment))
    clock, paused = opens + timedelta(minutes=3), False
    while clock < opens + timedelta(hours=8):
        if not paused and alert[0] <= clock < alert[1]:
            live.pause(office, actor=actor, now=alert[0])
            paused = True
            clock = alert[1]
            live.resume(office, actor=actor, now=alert[1])
            continue
        for window in windows:
            ticket = live.call_next(office, window.pk, actor=actor, now=clock)
            if ticket is None:
                continue
            if ticket.number % 11 == 0:
                live.no_show(office, ticket.pk, actor=actor, now=clock + timedelta(minutes=3))
                continue
            live.start(office, ticket.pk, actor=actor, now=clock + timedelta(minutes=1))
            live.complete(office, ticket.pk, actor=actor, now=clock + timedelta(minutes=12 + ticket.number % 7))
        clock += timedelta(minutes=14)


def _bookings(hromada, services: list[Service], residents: list[User], report) -> None:
    from hromada.cnap.models import Booking, Slot

    if Booking.objects.filter(hromada=hromada).exists():
        return
    now = timezone.now()
    for n, person in enumerate(residents):
        service = services[n % len(services)]
        slot = (Slot.objects.filter(hromada=hromada, starts_at__gt=now + timedelta(hours=2 + n * 7), booked=0,
                                    window__services=service, office__services=service)
                .order_by("starts_at").first())
        if slot is None:
            continue
        try:
            booking.book(hromada=hromada, user=person, slot_id=slot.pk, service_id=service.pk)
        except booking.Refused:
            continue
        report.count("cnap bookings", True)


PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
       b"trailer<</Root 1 0 R>>\n%%EOF\n")
# Online applications in every state: (state, resident number, delivery at an office).
APPLICATION_STATES = (("submitted", 30, False), ("accepted", 31, False), ("with_provider", 32, False),
                      ("corrections", 33, False), ("ready", 34, True), ("issued", 35, False), ("refused", 36, False))


def _answers(card) -> dict:
    values = {}
    for field in card.application_fields:
        kind = field.get("kind")
        values[field["name"]] = (True if kind == "checkbox" else "2026-11-20" if kind == "date" else "2"
                                 if kind == "number" else (field.get("choices") or ["—"])[0] if kind == "choice"
                                 else "с. Могилів, вул. Центральна, 12")
    return values


def _applications(hromada, actor, services: list[Service], office: Office, report) -> None:
    from hromada.cnap.applications import services as applications
    from hromada.cnap.models import Application, Delivery
    from hromada.core.cases.services import Upload

    if Application.objects.filter(hromada=hromada).exists():
        return
    online = [s for s in services if s.online]
    if not online:
        return
    for n, (state, resident, pickup) in enumerate(APPLICATION_STATES):
        service = online[n % len(online)]
        person = User.objects.filter(email=f"resident{resident:03d}@mohyliv.example").first()
        if person is None:
            continue
        card = service.card
        uploads = {u["title"]: Upload(f"document-{i + 1}.pdf", PDF) for i, u in enumerate(card.uploads)}
        made = applications.apply(service, user=person, hromada=hromada, data=_answers(card), uploads=uploads,
                                  delivery=Delivery.OFFICE if pickup else Delivery.CABINET,
                                  pickup_office=office if pickup else None)
        report.count("cnap applications", True)
        if state == "submitted":
            continue
        if state == "refused":
            applications.refuse(made, actor=actor, hromada=hromada, ground=card.refusal_grounds[0],
                                text="Подано не всі документи, передбачені інформаційною карткою.")
            continue
        applications.advance(made, "accept", actor=actor, hromada=hromada)
        if state == "accepted":
            continue
        if state == "corrections":
            applications.ask_corrections(made, actor=actor, hromada=hromada,
                                         note="Додайте скан-копію документа, що посвідчує особу, у кольорі.")
            continue
        applications.advance(made, "forward", actor=actor, hromada=hromada)
        if state == "with_provider":
            continue
        applications.result_ready(made, actor=actor, hromada=hromada, text="Результат надання послуги готовий.",
                                  upload=None if pickup else Upload("rezultat.pdf", PDF))


def seed(report) -> None:
    mohyliv = Hromada.objects.filter(katottg=MOHYLIV).first()
    actor = User.objects.filter(email=CNAP).first()
    if mohyliv is None or actor is None:
        return
    district = StarostaDistrict.objects.filter(hromada=mohyliv, name__startswith="Цибульків").first()
    main = _office(mohyliv, "ЦНАП Могилівської сільської ради", kind=OfficeKind.MAIN, order=0,
                   address="вул. Центральна, 1 (DEMO), с. Могилів", phone="+380560000010",
                   email="cnap@mohyliv.example", ticket_prefix="А",
                   accessibility="Вхід з пандусом, кнопка виклику адміністратора, тактильна смуга до вікна 1.")
    remote = _office(mohyliv, "Віддалене робоче місце ЦНАП у с. Цибульківка", kind=OfficeKind.REMOTE, order=1,
                     address="вул. Шкільна, 3 (DEMO), с. Цибульківка (приміщення старостату)",
                     starosta_district=district, phone="+380560000011", ticket_prefix="Ц")
    mobile = _office(mohyliv, "Мобільний ЦНАП («мобільний кейс»)", kind=OfficeKind.MOBILE, order=2,
                     address="Виїзди за графіком у села Цибульківського старостинського округу",
                     starosta_district=district, phone="+380560000012", ticket_prefix="М", slot_minutes=20)
    _hours(main, WEEK)
    _hours(remote, REMOTE_WEEK)
    today = timezone.localdate()
    settlements = {s.name: s for s in Settlement.objects.filter(hromada=mohyliv, name__in=MOBILE_STOPS)}
    day, stop = today, 0
    while day <= today + timedelta(days=21):  # the mobile office visits a village every Tuesday and Thursday
        if day.weekday() in (1, 3):
            name = MOBILE_STOPS[stop % len(MOBILE_STOPS)]
            OfficeDay.objects.get_or_create(office=mobile, day=day, defaults={
                "opens": time(10, 0), "closes": time(14, 0), "settlement": settlements.get(name),
                "place": f"с. {name}, приміщення клубу (DEMO)"})
            stop += 1
        day += timedelta(days=1)
    services = _catalogue(mohyliv, actor, [main, remote, mobile], report)
    general = [s for s in services if s.category and s.category.key not in LAND_AND_PROPERTY]
    registry = [s for s in services if s.category and s.category.key in LAND_AND_PROPERTY]
    _windows(main, [("1", "Адміністратор", general, True), ("2", "Адміністратор", general, True),
                    ("3", "Адміністратор", general, True), ("4", "Адміністратор", general + registry, True),
                    ("5", "Державний реєстратор", registry, True), ("6", "Жива черга", services, False)])
    _windows(remote, [("1", "Адміністратор", general, True)])
    _windows(mobile, [("1", "Мобільний адміністратор", general, True)])
    sync_all(days=21)
    _history(main, actor, general[:12], today)
    residents = list(User.objects.filter(email__in=[f"resident{n:03d}@mohyliv.example" for n in range(1, 25)])
                     .order_by("email"))
    _bookings(mohyliv, general[:10] + registry[:3], residents, report)
    _applications(mohyliv, actor, services, main, report)

    slob = Hromada.objects.filter(katottg=SLOBOZHANSKA).first()
    slob_actor = User.objects.filter(email="admin@slobozhanska.example").first()
    if slob is not None and slob_actor is not None:
        office = _office(slob, "ЦНАП Слобожанської селищної ради", kind=OfficeKind.MAIN,
                         address="вул. Центральна, 1 (DEMO), смт Слобожанське", ticket_prefix="С")
        _hours(office, {d: ("08:00", "17:00") for d in range(5)})
        few = _catalogue(slob, slob_actor, [office], report, only=5)
        _windows(office, [("1", "Адміністратор", few, True)])
        sync_all(days=21)
