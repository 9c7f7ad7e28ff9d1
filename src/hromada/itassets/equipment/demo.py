"""Demo equipment of Mohyliv and a little of Slobozhanska (called by itassets.demo, equipment first); idempotent.

Seed 002 (§ 1, the state of IT): «Близько 70 % комп’ютерів відповідають сучасним офісним вимогам. Проте,
протягом трьох років необхідно списати 26 комп’ютерів у яких закінчився термін експлуатації»; every specialist of
the council has a computerised workplace, and most communal institutions are computerised. So the council and its
eight institutions hold 87 desktop computers and laptops: 61 bought within the last five years (70 %) and 26
older, past their five-year useful life — eight of them already marked «to write off» by the inventory, the rest
still at work. Five more were written off by the executive committee's decision (an act of the registry of acts).
Around them: monitors attached to the council's desktops, printers and MFDs, two servers with a UPS, switches,
routers and access points, UPSs and a generator, a projector and a panel, two tablets of the ЦНАП. Some items are
assigned to the demo staff accounts, one inventory round of the school is closed, one of the ЦНАП is open.

Dates are counted back from the day of seeding, so the shares hold whenever the demo is loaded. Models, serial
numbers, costs and people's names are DEMO values. No cameras here: the network concern seeds them with their
Camera rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from hromada.core.models import Department, Hromada, Institution, User
from hromada.itassets.equipment import services
from hromada.itassets.equipment.lifecycle import add_months
from hromada.itassets.models import Category, Equipment, FundingSource, InventoryRound

MOHYLIV = "UA12020110000034205"
SLOBOZHANSKA = "UA12020250000010438"
MANAGER = "programme@mohyliv.example"
SECRETARY = "secretary@mohyliv.example"
PREDECESSOR = "Оксана Гриценко"
C = Category
S = Equipment.Status

# Institutions by their index in the inventory numbers (1014 + index + three digits; the council is 0).
INSTITUTIONS = {
    1: "Могилівська загальноосвітня школа І–ІІІ ступенів",
    2: "Новопідкряжська загальноосвітня школа І–ІІІ ступенів",
    3: "Цибульківська загальноосвітня школа І–ІІ ступенів",
    4: "Молодіжненська загальноосвітня школа І–ІІ ступенів",
    5: "Могилівський заклад дошкільної освіти",
    6: "Могилівська амбулаторія загальної практики — сімейної медицини",
    7: "Могилівський будинок культури",
    8: "Територіальний центр соціального обслуговування",
}

# Desktop models by era (DEMO) and what they cost then, UAH.
MODERN_PC = [("Lenovo", "ThinkCentre M70s Gen 3", "Intel Core i5-12400, 16 ГБ, SSD 512 ГБ", "24500.00"),
             ("HP", "ProDesk 400 G9 SFF", "Intel Core i5-12500, 16 ГБ, SSD 512 ГБ", "26980.00"),
             ("Dell", "OptiPlex 3000 SFF", "Intel Core i3-12100, 8 ГБ, SSD 256 ГБ", "19850.00"),
             ("Impression", "Impression P+ 6420", "Intel Core i5-12400, 16 ГБ, SSD 500 ГБ", "21300.00")]
OLD_PC = [("Lenovo", "ThinkCentre M71e", "Intel Pentium G630, 4 ГБ, HDD 500 ГБ, Windows 7", "6850.00"),
          ("HP", "Compaq Pro 6300 SFF", "Intel Core i3-3220, 4 ГБ, HDD 500 ГБ", "8420.00"),
          ("Everest", "Home&Office 1035", "Intel Celeron G1840, 4 ГБ, HDD 500 ГБ", "7100.00"),
          ("Dell", "OptiPlex 3010 DT", "Intel Core i3-3240, 4 ГБ, HDD 500 ГБ", "9150.00")]
MODERN_LAPTOP = [("Lenovo", "ThinkPad E14 Gen 4", "Intel Core i5-1235U, 16 ГБ, SSD 512 ГБ", "32400.00"),
                 ("ASUS", "ExpertBook B1 B1502", "Intel Core i3-1215U, 8 ГБ, SSD 256 ГБ", "21990.00")]
OLD_LAPTOP = [("Acer", "Aspire E5-571", "Intel Core i3-4030U, 4 ГБ, HDD 500 ГБ", "9800.00")]


@dataclass(frozen=True)
class Computer:
    unit: int  # 0: the council; else an institution's index
    department: str | None  # the council's department, by short name
    room: str
    person: str  # a demo account's login, a person's name, or "" for a place (a classroom)
    laptop: bool
    months: int  # bought this many months before the seeding day
    status: str = S.IN_USE


def _council() -> list[Computer]:
    """31 workplaces of the council: 21 computers bought within five years, 10 older."""
    rows = [
        # The leadership (no department): the head, deputies, the secretary, the reception, the programme manager,
        # the administrator (the informatization officer's workplace).
        Computer(0, None, "Кабінет голови", "Валерій Дружко", True, 9),
        Computer(0, None, "Кабінет заступника", "Тетяна Смірнова", False, 21),
        Computer(0, None, "Кабінет заступника", "Ірина Барабаш", False, 88),
        Computer(0, None, "Приймальня", SECRETARY, False, 14),
        Computer(0, None, "Приймальня", "Олена Кравець", False, 101, S.TO_WRITE_OFF),
        Computer(0, None, "Кабінет 7", MANAGER, True, 5),
        Computer(0, None, "Серверна", "admin@mohyliv.example", False, 26),
        # The general department.
        Computer(0, "ЗВ", "Кабінет 3", "head.general@mohyliv.example", False, 10),
        Computer(0, "ЗВ", "Кабінет 3", "clerk@mohyliv.example", False, 35),
        Computer(0, "ЗВ", "Кабінет 4", "registrar@mohyliv.example", False, 77),
        Computer(0, "ЗВ", "Кабінет 4", "hotline@mohyliv.example", False, 30),
        Computer(0, "ЗВ", "Архів", "Наталія Гончар", False, 126, S.TO_WRITE_OFF),
        Computer(0, "ЗВ", "Кабінет 4", "Світлана Бондар", False, 36),  # its warranty ends in days
        # The finance department.
        Computer(0, "ФВ", "Кабінет 9", "head@mohyliv.example", False, 8),
        Computer(0, "ФВ", "Кабінет 10", "Людмила Ткаченко", False, 8),
        Computer(0, "ФВ", "Кабінет 10", "Оксана Шевчук", False, 8),
        Computer(0, "ФВ", "Кабінет 10", "Галина Мороз", False, 95),
        Computer(0, "ФВ", "Кабінет 10", "Тамара Лисенко", False, 110),
        # Education, culture, youth and sport.
        Computer(0, "ВОКМС", "Кабінет 12", "Андрій Савченко", True, 18),
        Computer(0, "ВОКМС", "Кабінет 12", "Юлія Олійник", False, 40),
        Computer(0, "ВОКМС", "Кабінет 12", "Віктор Руденко", False, 84),
        # The ЦНАП (bought with donor support for its opening).
        Computer(0, "ЦНАП", "Зал обслуговування, вікно 1", "cnap@mohyliv.example", False, 28),
        Computer(0, "ЦНАП", "Зал обслуговування, вікно 2", "clerk.cnap@mohyliv.example", False, 28),
        Computer(0, "ЦНАП", "Зал обслуговування, вікно 3", "Марія Поліщук", False, 28),
        Computer(0, "ЦНАП", "Зал обслуговування", "", False, 28),  # the visitors' self-service workplace
        Computer(0, "ЦНАП", "Бек-офіс", "Ігор Марченко", False, 92),
        # Land resources and ecology.
        Computer(0, "ВЗРЕ", "Кабінет 15", "head.land@mohyliv.example", False, 16),
        Computer(0, "ВЗРЕ", "Кабінет 15", "clerk.land@mohyliv.example", False, 69),
        Computer(0, "ВЗРЕ", "Кабінет 15", "Сергій Кириленко", True, 31),
        # The children's service.
        Computer(0, "ССД", "Кабінет 17", "Валентина Костенко", False, 47),
        Computer(0, "ССД", "Кабінет 17", "Ганна Павленко", False, 118),
    ]
    return rows


def _institutions() -> list[Computer]:
    """56 computers of the eight institutions: 40 bought within five years, 16 older."""
    rows: list[Computer] = []
    # The Mohyliv school: a computer class of 12 (the educational subvention) and its staff.
    rows += [Computer(1, None, "Комп’ютерний клас", "", False, 23) for _ in range(12)]
    rows += [Computer(1, None, "Кабінет директора", "Людмила Савчук", True, 12),
             Computer(1, None, "Учительська", "Оксана Бойко", False, 33),
             Computer(1, None, "Бухгалтерія", "Тетяна Мельник", False, 90),
             Computer(1, None, "Бібліотека", "Надія Ковальчук", False, 116, S.TO_WRITE_OFF)]
    # Novopidkriazh: an old class of five and the New Ukrainian School's laptops.
    rows += [Computer(2, None, "Комп’ютерний клас", "", False, 122, S.TO_WRITE_OFF if n < 2 else S.IN_USE)
             for n in range(5)]
    rows += [Computer(2, None, "Початкові класи", "", True, 38) for _ in range(3)]
    rows += [Computer(2, None, "Кабінет директора", "Петро Гнатюк", False, 20)]
    # Tsybulkivka.
    rows += [Computer(3, None, "Комп’ютерний клас", "", False, 104) for _ in range(3)]
    rows += [Computer(3, None, "Кабінет директора", "Василь Захарченко", False, 25),
             Computer(3, None, "Учительська", "", True, 38),
             Computer(3, None, "Учительська", "", True, 38)]
    # Molodizhne.
    rows += [Computer(4, None, "Комп’ютерний клас", "", False, 11) for _ in range(3)]
    rows += [Computer(4, None, "Кабінет директора", "Ольга Дмитренко", False, 42),
             Computer(4, None, "Бухгалтерія", "Раїса Сидоренко", False, 98, S.TO_WRITE_OFF)]
    # The kindergarten.
    rows += [Computer(5, None, "Кабінет завідувачки", "Інна Левченко", False, 27),
             Computer(5, None, "Методичний кабінет", "Алла Романенко", True, 15),
             Computer(5, None, "Бухгалтерія", "Лідія Тимошенко", False, 130)]
    # The clinic (eHealth workplaces).
    rows += [Computer(6, None, f"Кабінет {n}", "", False, months)
             for n, months in zip((1, 2, 3, 4, 5, 6), (50, 50, 50, 36, 36, 6), strict=True)]
    rows += [Computer(6, None, "Реєстратура", "clinic@mohyliv.example", False, 6),
             Computer(6, None, "Кабінет завідувача", "Олександр Вдовиченко", True, 19)]
    # The house of culture.
    rows += [Computer(7, None, "Адміністрація", "Катерина Нестеренко", False, 29),
             Computer(7, None, "Бібліотека", "", False, 54),
             Computer(7, None, "Художній керівник", "Богдан Литвин", False, 113),
             Computer(7, None, "Бухгалтерія", "", False, 125, S.TO_WRITE_OFF)]
    # The social services centre.
    rows += [Computer(8, None, "Кабінет директора", "Світлана Яковенко", False, 22),
             Computer(8, None, "Соціальні працівники", "", True, 13),
             Computer(8, None, "Соціальні працівники", "", True, 13),
             Computer(8, None, "Бухгалтерія", "Зінаїда Максименко", False, 87),
             Computer(8, None, "Відділення денного перебування", "", False, 119, S.TO_WRITE_OFF)]
    return rows


# Written off by the executive committee's decision about 14 months ago: (unit, department, months old, reason).
WRITTEN_OFF = [
    (0, "ЗВ", 150, "Системна плата несправна, ремонт економічно недоцільний (акт технічного стану № 3)"),
    (0, "ФВ", 146, "Фізично зношений, не підтримує сучасне програмне забезпечення (акт технічного стану № 4)"),
    (0, None, 152, "Несправний блок живлення та жорсткий диск, запчастини не випускаються (акт № 5)"),
    (1, None, 160, "Фізичний знос, непридатний для навчального процесу (акт технічного стану № 6)"),
    (2, None, 158, "Фізичний знос, непридатний для навчального процесу (акт технічного стану № 7)"),
]

ACT = {"number": "214", "type": "executive_decision", "status": "adopted",
       "title": "Про списання основних засобів (комп’ютерної техніки), непридатних для подальшого використання",
       "text": "Відповідно до актів технічного стану комісії з інвентаризації списати з балансу виконавчого "
               "комітету та закладів освіти комп’ютерну техніку, непридатну для подальшого використання, "
               "згідно з додатком (DEMO)."}


def _pc_spec(computer: Computer, n: int):
    old = computer.months > 60
    if computer.laptop:
        return (OLD_LAPTOP if old else MODERN_LAPTOP)[n % (1 if old else 2)]
    return (OLD_PC if old else MODERN_PC)[n % 4]


class _Seeder:
    def __init__(self, hromada, actor, report, today: date):
        self.hromada, self.actor, self.report, self.today = hromada, actor, report, today
        self.departments = {d.short_name: d for d in Department.objects.filter(hromada=hromada)}
        by_name = {i.name: i for i in Institution.objects.filter(hromada=hromada)}
        self.institutions = {index: by_name.get(name) for index, name in INSTITUTIONS.items()}
        self.people = {u.email: u for u in User.objects.filter(email__endswith="@mohyliv.example", is_active=True)}
        self.existing = set(Equipment.objects.filter(hromada=hromada).values_list("inventory_number", flat=True))
        self.counters: dict[int, int] = {}

    def number(self, unit: int) -> str:
        self.counters[unit] = self.counters.get(unit, 0) + 1
        return f"1014{unit}{self.counters[unit]:03d}"

    def day(self, months: int, shift: int = 0) -> date:
        return min(self.today, add_months(self.today, -months) + timedelta(days=shift))

    def item(self, unit: int, **fields) -> Equipment | None:
        """Create the item unless its inventory number is taken (idempotent); None when it was there."""
        number = self.number(unit)
        if number in self.existing:
            return None
        institution = self.institutions.get(unit) if unit else None
        if unit and institution is None:
            return None
        fields.setdefault("funding_source", FundingSource.LOCAL)
        item = services.create_item(self.hromada, self.actor, inventory_number=number, institution=institution,
                                    **fields)
        self.existing.add(number)
        self.report.count("IT equipment items", True)
        return item

    def give(self, item: Equipment, person: str, on: date) -> None:
        """Check the item out to a demo account or a named person, on the day it was set up."""
        if not person:
            return
        account = self.people.get(person) if "@" in person else None
        if "@" in person and account is None:
            return
        services.check_out(item, actor=self.actor, hromada=self.hromada, on=min(on, self.today), user=account,
                           person_name="" if account else person, institution=item.institution,
                           department=item.department, room=item.room)


def seed(report) -> None:
    hromada = Hromada.objects.filter(katottg=MOHYLIV).first()
    actor = User.objects.filter(email=MANAGER, is_active=True).first()
    if hromada is None or actor is None:
        return
    today = timezone.localdate()
    seeder = _Seeder(hromada, actor, report, today)
    task = _programme_task(hromada)
    computers = _council() + _institutions()
    handed_over = 0
    desktops: list[tuple[Computer, Equipment]] = []
    for n, computer in enumerate(computers):
        manufacturer, model, spec, cost = _pc_spec(computer, n)
        bought = seeder.day(computer.months, shift=n % 11)
        fields = {
            "category": C.LAPTOP if computer.laptop else C.COMPUTER,
            "name": "Ноутбук" if computer.laptop else "Персональний комп’ютер",
            "manufacturer": manufacturer, "model": model, "specification": spec,
            "serial_number": f"DEMO{computer.unit}{n:04d}{manufacturer[:2].upper()}", "purchase_date": bought,
            "cost": Decimal(cost), "department": seeder.departments.get(computer.department),
            "room": computer.room, "status": computer.status,
            "warranty_until": add_months(bought, 36) if computer.months <= 60 else None,
        }
        if computer.unit == 0 and computer.department == "ЦНАП" and computer.months <= 60:
            fields["funding_source"] = FundingSource.GRANT
            fields["notes"] = "Придбано за підтримки донорської програми до відкриття ЦНАП (DEMO)."
        if computer.unit in (1, 2) and computer.months <= 60 and not computer.person:
            fields["funding_source"] = FundingSource.SUBVENTION
        if computer.unit == 0 and task is not None and bought >= task.start_date:
            fields["programme_task"] = task
        item = seeder.item(computer.unit, **fields)
        if item is None:
            continue
        start = bought + timedelta(days=5)
        if handed_over < 3 and computer.unit == 0 and "@" in computer.person and computer.months > 24:
            # A computer that served someone who has left before the account holder got it.
            handed_over += 1
            seeder.give(item, PREDECESSOR, start)
            start += timedelta(days=30)
            services.check_in(item, actor=actor, hromada=hromada, on=start, note="Працівник звільнився")
        seeder.give(item, computer.person, start)
        if computer.unit == 0 and not computer.laptop:
            desktops.append((computer, item))
    _monitors(seeder, desktops)
    _office_equipment(seeder)
    _written_off(seeder)
    _rounds(seeder)
    _slobozhanska(report)


def _programme_task(hromada):
    from hromada.programmes.models import Task

    return (Task.objects.filter(programme__hromada=hromada, name__startswith="Оновлення комп")
            .order_by("pk").first())


def _monitors(seeder: _Seeder, desktops) -> None:
    """A monitor beside each of the council's desktops, registered as part of it."""
    for n, (computer, pc) in enumerate(desktops):
        old = computer.months > 60
        seeder.item(0, category=C.MONITOR, name="Монітор", manufacturer="Philips" if old else "LG",
                    model="193V5LSB2" if old else "24MK430H-B", serial_number=f"DEMOMN{n:04d}",
                    purchase_date=pc.purchase_date, cost=Decimal("2750.00" if old else "4890.00"),
                    department=pc.department, room=pc.room, parent=pc, status=S.IN_USE)


def _office_equipment(seeder: _Seeder) -> None:
    d = seeder.departments.get
    # Printers and MFDs of the council.
    for department, room, model, months, cost, status in (
            (None, "Приймальня", "Canon i-SENSYS MF445dw", 20, "15400.00", S.IN_USE),
            ("ЗВ", "Кабінет 4", "HP LaserJet Pro MFP M428fdn", 34, "18900.00", S.IN_USE),
            ("ФВ", "Кабінет 10", "HP LaserJet Pro M404dn", 12, "11200.00", S.IN_USE),
            ("ФВ", "Кабінет 9", "Canon LBP6030", 107, "3100.00", S.BROKEN),
            ("ВОКМС", "Кабінет 12", "Epson L3250", 22, "7600.00", S.IN_USE),
            ("ЦНАП", "Зал обслуговування", "Xerox VersaLink B405", 28, "27800.00", S.IN_USE),
            ("ЦНАП", "Бек-офіс", "HP LaserJet M111w", 28, "5200.00", S.IN_USE),
            ("ВЗРЕ", "Кабінет 15", "HP DesignJet T230", 16, "54300.00", S.IN_USE),
            ("ССД", "Кабінет 17", "Canon i-SENSYS MF3010", 80, "4300.00", S.IN_USE)):
        seeder.item(0, category=C.PRINTER, name="Багатофункціональний пристрій" if "MF" in model or "Xerox" in model
                    else "Принтер", manufacturer=model.split()[0], model=model.split(" ", 1)[1],
                    purchase_date=seeder.day(months), cost=Decimal(cost), department=d(department), room=room,
                    status=status, warranty_until=add_months(seeder.day(months), 24))
    # One MFD in each institution, two in the Mohyliv school.
    for unit in (1, 1, 2, 3, 4, 5, 6, 7, 8):
        months = 14 + unit * 9
        seeder.item(unit, category=C.PRINTER, name="Багатофункціональний пристрій", manufacturer="Canon",
                    model="i-SENSYS MF3010" if months > 60 else "i-SENSYS MF264dw", purchase_date=seeder.day(months),
                    cost=Decimal("4300.00" if months > 60 else "9800.00"), room="Кабінет директора")
    # The server room of the council.
    server = seeder.item(0, category=C.SERVER, name="Файловий сервер", manufacturer="Dell",
                         model="PowerEdge T150", specification="Intel Xeon E-2314, 32 ГБ ECC, 2 × 2 ТБ RAID 1",
                         serial_number="DEMOSRV0001", purchase_date=seeder.day(22), cost=Decimal("96400.00"),
                         room="Серверна", warranty_until=add_months(seeder.day(22), 36))
    seeder.item(0, category=C.SERVER, name="Сервер бухгалтерського обліку", manufacturer="HP",
                model="ProLiant ML30 Gen9", specification="Intel Xeon E3-1220 v5, 16 ГБ, 2 × 1 ТБ",
                serial_number="DEMOSRV0002", purchase_date=seeder.day(84), cost=Decimal("41800.00"), room="Серверна")
    ups = seeder.item(0, category=C.POWER, name="Джерело безперебійного живлення", manufacturer="APC",
                      model="Smart-UPS SMT1500RMI2U", purchase_date=seeder.day(22), cost=Decimal("38900.00"),
                      room="Серверна")
    if server is not None and ups is not None:
        services.check_out(ups, actor=seeder.actor, hromada=seeder.hromada, parent=server, room="Серверна",
                           on=server.purchase_date + timedelta(days=3), note="Живлення файлового сервера")
    seeder.item(0, category=C.POWER, name="Генератор", manufacturer="Könner & Söhnen", model="KS 7000E ATS",
                purchase_date=seeder.day(47), cost=Decimal("42500.00"), room="Подвір’я адмінбудівлі",
                notes="Резервне живлення адмінбудівлі під час відключень.")
    for n, (department, room) in enumerate((("ЗВ", "Кабінет 3"), ("ФВ", "Кабінет 10"), ("ЦНАП", "Зал обслуговування"),
                                            ("ЦНАП", "Бек-офіс"), (None, "Приймальня"), ("ВЗРЕ", "Кабінет 15"))):
        seeder.item(0, category=C.POWER, name="Джерело безперебійного живлення", manufacturer="Eaton",
                    model="5E 850i", purchase_date=seeder.day(30 + n), cost=Decimal("4650.00"),
                    department=d(department), room=room)
    for unit in (6, 6):
        seeder.item(unit, category=C.POWER, name="Джерело безперебійного живлення", manufacturer="Eaton",
                    model="5E 1100i", purchase_date=seeder.day(40), cost=Decimal("6100.00"), room="Реєстратура")
    # Network gear.
    for name, manufacturer, model, months, cost, room in (
            ("Маршрутизатор", "MikroTik", "RB4011iGS+RM", 40, "9400.00", "Серверна"),
            ("Комутатор", "TP-Link", "TL-SG3428", 40, "8200.00", "Серверна"),
            ("Комутатор", "TP-Link", "TL-SG1016D", 118, "2900.00", "Кабінет 10"),
            ("Точка доступу Wi-Fi", "Ubiquiti", "UniFi U6 Lite", 18, "4300.00", "Зал обслуговування"),
            ("Точка доступу Wi-Fi", "Ubiquiti", "UniFi U6 Lite", 18, "4300.00", "Сесійна зала"),
            ("Точка доступу Wi-Fi", "Ubiquiti", "UniFi U6 Lite", 18, "4300.00", "Коридор 2 поверху")):
        seeder.item(0, category=C.NETWORK, name=name, manufacturer=manufacturer, model=model,
                    purchase_date=seeder.day(months), cost=Decimal(cost), room=room)
    for unit in (1, 2, 3, 4):
        seeder.item(unit, category=C.NETWORK, name="Комутатор", manufacturer="TP-Link", model="TL-SG1024D",
                    purchase_date=seeder.day(30 + unit * 5), cost=Decimal("3600.00"), room="Комп’ютерний клас")
        seeder.item(unit, category=C.NETWORK, name="Точка доступу Wi-Fi", manufacturer="TP-Link", model="EAP225",
                    purchase_date=seeder.day(30 + unit * 5), cost=Decimal("2700.00"), room="Коридор")
    seeder.item(6, category=C.NETWORK, name="Маршрутизатор", manufacturer="MikroTik", model="hAP ax2",
                purchase_date=seeder.day(9), cost=Decimal("4100.00"), room="Реєстратура")
    # The session hall (seed 002: a projector, a motorised screen) and the school's panel.
    seeder.item(0, category=C.PROJECTOR, name="Проєктор", manufacturer="Epson", model="EB-FH52",
                purchase_date=seeder.day(39), cost=Decimal("29900.00"), room="Сесійна зала")
    seeder.item(1, category=C.PROJECTOR, name="Інтерактивна панель", manufacturer="Prestigio",
                model="MultiBoard 65\" Light+", purchase_date=seeder.day(23), cost=Decimal("64500.00"),
                room="Кабінет інформатики", funding_source=FundingSource.SUBVENTION)
    # The ЦНАП's mobile case (tablets for visiting residents at home).
    for n in range(2):
        tablet = seeder.item(0, category=C.PHONE, name="Планшет мобільного кейсу ЦНАП", manufacturer="Samsung",
                             model="Galaxy Tab A8", purchase_date=seeder.day(26), cost=Decimal("8999.00"),
                             department=d("ЦНАП"), room="Бек-офіс", funding_source=FundingSource.GRANT)
        if tablet is not None and n == 0:
            seeder.give(tablet, "clerk.cnap@mohyliv.example", tablet.purchase_date + timedelta(days=2))


def _written_off(seeder: _Seeder) -> None:
    act = _write_off_act(seeder)
    for unit, department, months, reason in WRITTEN_OFF:
        item = seeder.item(unit, category=C.COMPUTER, name="Персональний комп’ютер", manufacturer="Everest",
                           model="Home&Office 1035", purchase_date=seeder.day(months), cost=Decimal("5900.00"),
                           department=seeder.departments.get(department), status=S.TO_WRITE_OFF)
        if item is not None:
            services.write_off(item, actor=seeder.actor, hromada=seeder.hromada, reason=reason,
                               on=act.date if act else seeder.day(14), act=act)
    printer = seeder.item(0, category=C.PRINTER, name="Принтер", manufacturer="Samsung", model="ML-2160",
                          purchase_date=seeder.day(140), cost=Decimal("1450.00"), status=S.BROKEN)
    if printer is not None:
        services.write_off(printer, actor=seeder.actor, hromada=seeder.hromada, on=seeder.day(3),
                           reason="Несправний вузол термозакріплення, ремонт недоцільний (акт технічного стану № 12)")


def _write_off_act(seeder: _Seeder):
    """The executive committee's decision on the write-off in the registry of acts (entered if missing)."""
    from hromada.acts import services as acts
    from hromada.acts.models import Act
    from hromada.acts.numbers import number_key

    day = seeder.day(14)
    found = Act.objects.filter(hromada=seeder.hromada, number_key=number_key(ACT["number"]), type=ACT["type"],
                               title=ACT["title"]).first()
    if found is not None:
        return found
    secretary = User.objects.filter(email=SECRETARY, is_active=True).first()
    if secretary is None:
        return None
    return acts.create_act(actor=secretary, hromada=seeder.hromada, fields={**ACT, "date": day})


def _rounds(seeder: _Seeder) -> None:
    """The school's round of last year, closed (one item elsewhere, one damaged, one missing), and the ЦНАП's
    round of this week, open with a few items recorded."""
    school = seeder.institutions.get(1)
    hromada, actor = seeder.hromada, seeder.actor
    title = "Річна інвентаризація — Могилівська школа"
    if school is not None and not InventoryRound.objects.filter(hromada=hromada, title=title).exists():
        started = seeder.day(11)
        round_ = services.open_round(hromada, actor=actor, title=title, institution=school, started_on=started)
        items = list(services.expected_items(round_).filter(purchase_date__lte=started).order_by("inventory_number"))
        for n, item in enumerate(items):
            result, where, note = "found", "", ""
            if n == 2:
                result, where = "moved", "Учительська"
            elif n == 5:
                result, note = "damaged", "Тріснутий корпус монітора"
            elif n == 7:
                result, note = "missing", "Не знайдено; з’ясовується з матеріально відповідальною особою"
            services.record_check(round_, item, actor=actor, hromada=hromada, result=result, found_location=where,
                                  note=note)
        services.close_round(round_, actor=actor, hromada=hromada, on=started + timedelta(days=3))
        seeder.report.count("IT inventory rounds", True)
    cnap = seeder.departments.get("ЦНАП")
    title = "Інвентаризація ЦНАП"
    if cnap is not None and not InventoryRound.objects.filter(hromada=hromada, title=title).exists():
        round_ = services.open_round(hromada, actor=actor, title=title, department=cnap,
                                     started_on=seeder.today - timedelta(days=2))
        for item in services.expected_items(round_).order_by("inventory_number")[:4]:
            services.record_check(round_, item, actor=actor, hromada=hromada, result="found")
        seeder.report.count("IT inventory rounds", True)


def _slobozhanska(report) -> None:
    """A few items of Slobozhanska, so that tenant isolation shows in lists, the API and the metrics."""
    hromada = Hromada.objects.filter(katottg=SLOBOZHANSKA).first()
    admin = User.objects.filter(email="admin@slobozhanska.example", is_active=True).first()
    if hromada is None or admin is None:
        return
    existing = set(Equipment.objects.filter(hromada=hromada).values_list("inventory_number", flat=True))
    it = Department.objects.filter(hromada=hromada, short_name="ВІТЕУ").first()
    today = timezone.localdate()
    for number, category, name, model, months, cost in (
            ("СЛ-0001", C.COMPUTER, "Персональний комп’ютер", "Lenovo ThinkCentre M75q Gen 2", 20, "23800.00"),
            ("СЛ-0002", C.COMPUTER, "Персональний комп’ютер", "HP ProDesk 405 G6", 70, "17600.00"),
            ("СЛ-0003", C.LAPTOP, "Ноутбук", "Lenovo ThinkPad E15 Gen 2", 30, "29900.00"),
            ("СЛ-0004", C.PRINTER, "Багатофункціональний пристрій", "Brother DCP-L2540DN", 44, "9300.00"),
            ("СЛ-0005", C.SERVER, "Сервер", "Dell PowerEdge T40", 50, "38700.00")):
        if number in existing:
            continue
        manufacturer, model_name = model.split(" ", 1)
        services.create_item(hromada, admin, inventory_number=number, category=category, name=name,
                             manufacturer=manufacturer, model=model_name, purchase_date=add_months(today, -months),
                             cost=Decimal(cost), department=it, room="Кабінет ІТ", status=S.IN_USE,
                             funding_source=FundingSource.LOCAL)
        report.count("IT equipment items", True)
