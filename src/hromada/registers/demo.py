"""Demo registers: generated residents of the Mohyliv settlements (6 070 people, per settlement as in seed 002),
with streets and buildings; land plots and communal property samples for both demo hromadas.

Generated, not real: names are common Ukrainian names, РНОКПП codes are computed to be valid for the
generated birth date and sex, and a fixed random seed makes every run produce the same people.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from hromada.core import audit
from hromada.core.models import AuditEntry, Hromada, Institution, Settlement
from hromada.registers import services, validators
from hromada.registers.models import Building, LandPlot, PropertyObject, Resident, Street

MOHYLIV = "UA12020110000034205"
SLOBOZHANSKA = "UA12020250000010438"

STREET_NAMES = ["Шевченка", "Центральна", "Миру", "Садова", "Шкільна", "Молодіжна", "Польова", "Незалежності",
                "Героїв України", "Лесі Українки", "Івана Франка", "Набережна", "Зелена", "Весняна", "Соборна",
                "Козацька", "Вишнева", "Лугова", "Степова", "Дніпровська"]
SURNAMES = [("Шевченко", "Шевченко"), ("Коваленко", "Коваленко"), ("Бондаренко", "Бондаренко"),
            ("Ткаченко", "Ткаченко"), ("Кравченко", "Кравченко"), ("Олійник", "Олійник"), ("Мельник", "Мельник"),
            ("Бойко", "Бойко"), ("Коваль", "Коваль"), ("Савченко", "Савченко"), ("Лисенко", "Лисенко"),
            ("Руденко", "Руденко"), ("Петренко", "Петренко"), ("Марченко", "Марченко"), ("Мороз", "Мороз"),
            ("Павленко", "Павленко"), ("Гончаренко", "Гончаренко"), ("Ковальчук", "Ковальчук"),
            ("Поліщук", "Поліщук"), ("Дячук", "Дячук"), ("Кузьменко", "Кузьменко"), ("Гребенюк", "Гребенюк"),
            ("Приходько", "Приходько"), ("Левченко", "Левченко"), ("Сидоренко", "Сидоренко"),
            ("Зінченко", "Зінченко"), ("Білоус", "Білоус"), ("Гнатюк", "Гнатюк"), ("Костенко", "Костенко"),
            ("Прокопенко", "Прокопенко"), ("Ярмоленко", "Ярмоленко"), ("Дружко", "Дружко"),
            ("Соловйов", "Соловйова"), ("Ковалевський", "Ковалевська"), ("Задорожний", "Задорожна"),
            ("Гуменний", "Гуменна"), ("Заїка", "Заїка"), ("Ільченко", "Ільченко"), ("Кур'ята", "Кур'ята"),
            ("Ґудзь", "Ґудзь")]
MALE = ["Олександр", "Іван", "Микола", "Сергій", "Андрій", "Володимир", "Василь", "Петро", "Юрій", "Дмитро",
        "Олег", "Віталій", "Богдан", "Тарас", "Максим", "Євген", "Михайло", "Степан", "Григорій", "Ігор"]
FEMALE = ["Олена", "Наталія", "Тетяна", "Ірина", "Марія", "Ганна", "Оксана", "Світлана", "Людмила", "Валентина",
          "Юлія", "Катерина", "Галина", "Надія", "Віра", "Любов", "Анастасія", "Софія", "Вікторія", "Ольга"]
# Patronymics from the male names: (male form, female form).
PATRONYMICS = [("Олександрович", "Олександрівна"), ("Іванович", "Іванівна"), ("Миколайович", "Миколаївна"),
               ("Сергійович", "Сергіївна"), ("Андрійович", "Андріївна"), ("Володимирович", "Володимирівна"),
               ("Васильович", "Василівна"), ("Петрович", "Петрівна"), ("Юрійович", "Юріївна"),
               ("Дмитрович", "Дмитрівна"), ("Олегович", "Олегівна"), ("Михайлович", "Михайлівна"),
               ("Степанович", "Степанівна"), ("Григорович", "Григорівна"), ("Ігорович", "Ігорівна")]
OBJECT_NAMES = {"building": "Будівля", "premises": "Нежитлове приміщення", "equipment": "Комп'ютерне обладнання",
                "transport": "Службовий автомобіль", "networks": "Мережа водопостачання"}
PEOPLE_PER_HOUSE = 3
CENTRE = (Decimal("48.713000"), Decimal("34.640000"))  # approximate, generated demo coordinates
EPOCH = date(1899, 12, 31)


def _rnokpp(rng: random.Random, birth: date, sex: str) -> str:
    days = f"{(birth - EPOCH).days:05d}"
    serial = f"{rng.randint(0, 999):03d}"
    sex_digit = str(rng.choice("13579" if sex == "m" else "02468"))
    first9 = days + serial + sex_digit
    return first9 + str(validators.rnokpp_check_digit(first9))


def _streets(hromada: Hromada, settlement: Settlement, count: int) -> list[Street]:
    rows = []
    for name in STREET_NAMES[:count]:
        street = Street(hromada=hromada, settlement=settlement, kind="vulytsia", name=name)
        services.prepare_street(street)
        rows.append(street)
    return Street.objects.bulk_create(rows)


def _residents_of(hromada: Hromada, settlement: Settlement, rng: random.Random) -> int:
    people = settlement.population or 0
    houses = max(1, people // PEOPLE_PER_HOUSE)
    streets = _streets(hromada, settlement, max(1, min(len(STREET_NAMES), houses // 40 + 1)))
    buildings = []
    for index in range(houses):
        building = Building(hromada=hromada, street=streets[index % len(streets)],
                            number=str(index // len(streets) + 1), kind=Building.Kind.PRIVATE_HOUSE)
        services.prepare_building(building)
        buildings.append(building)
    if settlement.pk == hromada.admin_centre_id:
        # Generated coordinates around the centre (approximate, for the demo map only).
        for index, building in enumerate(buildings[:150]):
            building.latitude = CENTRE[0] + Decimal(index % 15 - 7) / 2000
            building.longitude = CENTRE[1] + Decimal(index // 15 - 5) / 1500
    buildings = Building.objects.bulk_create(buildings)
    residents = []
    for index in range(people):
        sex = rng.choice("mf")
        surname = rng.choice(SURNAMES)[0 if sex == "m" else 1]
        first = rng.choice(MALE if sex == "m" else FEMALE)
        patronymic = rng.choice(PATRONYMICS)[0 if sex == "m" else 1]
        birth = date(1935, 1, 1) + timedelta(days=rng.randint(0, 365 * 88))
        verified = rng.random() < 0.35
        resident = Resident(
            hromada=hromada, last_name=surname, first_name=first, patronymic=patronymic, birth_date=birth, sex=sex,
            rnokpp=_rnokpp(rng, birth, sex) if birth.year < 2008 and rng.random() < 0.8 else "",
            building=buildings[index % len(buildings)],
            registered_on=date(2015, 1, 1) + timedelta(rng.randint(0, 3600)),
            status=rng.choices(["registered", "declared", "idp"], weights=[85, 8, 7])[0],
            verification="document" if verified else "", verified_on=date(2025, 6, 1) if verified else None,
        )
        services.prepare_resident(resident)
        residents.append(resident)
    Resident.objects.bulk_create(residents, batch_size=1000)
    return people


def _square(index: int) -> dict:
    """A small generated outline near the centre, as GeoJSON (longitude first)."""
    lat, lon = float(CENTRE[0]) - 0.01 - index * 0.003, float(CENTRE[1]) + 0.01
    size = 0.002
    ring = [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


def _land_and_property(hromada: Hromada, rng: random.Random) -> tuple[int, int]:
    settlements = list(Settlement.objects.filter(hromada=hromada).order_by("pk"))
    koatuu = "1221" + hromada.katottg[6:12]  # a plausible 10-digit zone prefix for demo cadastral numbers
    plots = []
    for index in range(30):
        leased = index % 3 == 0
        plots.append(LandPlot(
            hromada=hromada, cadastral_number=f"{koatuu}:{index % 5 + 1:02d}:{index % 7 + 1:03d}:{1000 + index:04d}",
            area_ha=Decimal(rng.randint(500, 250000)) / 10000, purpose_code=rng.choice(["01.01", "01.03", "02.01",
                                                                                           "03.02", "16.00"]),
            ownership="communal" if index % 2 else "private", owner="Територіальна громада" if index % 2 else
            f"{rng.choice(SURNAMES)[0]} {rng.choice(MALE)[0]}.", settlement=settlements[index % len(settlements)],
            lessee="ТОВ «Агро-Дніпро»" if leased else "", lease_start=date(2022, 1, 1) if leased else None,
            lease_end=date(2032, 12, 31) if leased else None,
            annual_rent=Decimal(rng.randint(5000, 90000)) if leased else None,
            lease_contract_number=f"{index + 1}/22" if leased else "",
            lease_contract_date=date(2021, 12, 15) if leased else None,
            outline=_square(index) if index < 10 else None,
        ))
    LandPlot.objects.bulk_create(plots)
    holders = list(Institution.objects.filter(hromada=hromada))
    objects = []
    kinds = ["building", "premises", "equipment", "transport", "networks"]
    for index, holder in enumerate(holders * 2):
        kind = kinds[index % len(kinds)]
        use = "leased" if index % 6 == 0 else ("vacant" if index % 9 == 0 else "in_use")
        obj = PropertyObject(
            hromada=hromada, name=f"{OBJECT_NAMES[kind]} — {holder.short_name or holder.name}",
            kind=kind, holder=holder, inventory_number=f"10{index + 1:05d}",
            area_m2=Decimal(rng.randint(40, 1200)) if kind in ("building", "premises") else None,
            book_value=Decimal(rng.randint(20_000, 4_000_000)), book_value_date=date(2025, 12, 31), use=use,
            lease_contract=f"Договір оренди № {index + 1}/24" if use == "leased" else "",
        )
        services.prepare_property(obj)
        objects.append(obj)
    PropertyObject.objects.bulk_create(objects)
    return len(plots), len(objects)


def seed(report) -> None:
    rng = random.Random(2026)  # noqa: S311 — demo data, not secrets: the same people on every machine
    for katottg, with_residents in ((MOHYLIV, True), (SLOBOZHANSKA, False)):
        hromada = Hromada.objects.filter(katottg=katottg).first()
        if hromada is None or Street.objects.filter(hromada=hromada).exists():
            continue
        people = 0
        if with_residents:
            for settlement in Settlement.objects.filter(hromada=hromada).order_by("name"):
                people += _residents_of(hromada, settlement, rng)
        else:
            centre = hromada.admin_centre or Settlement.objects.filter(hromada=hromada).first()
            _streets(hromada, centre, 5)
        plots, objects = _land_and_property(hromada, rng)
        audit.record(AuditEntry.Action.SYSTEM, hromada=hromada, object_type="registers.demo",
                     object_repr="seed-demo", changes={"residents": [None, people], "land plots": [None, plots],
                                                       "property objects": [None, objects]})
        if with_residents:
            _clinic_access(hromada)
        for label, count in (("residents", people), ("land plots", plots), ("property objects", objects)):
            if count:
                report.created[label] = report.created.get(label, 0) + count


def _clinic_access(hromada: Hromada) -> None:
    """The clinic reads names, birth dates, addresses and status of residents (demo of inter-agency access)."""
    from hromada.core.models import User
    from hromada.registers import access

    clinic = Institution.objects.filter(hromada=hromada, kind=Institution.Kind.HEALTH).order_by("pk").first()
    admin = User.objects.filter(email="admin@mohyliv.example").first()
    if clinic is None or admin is None:
        return
    access.grant_access(
        actor=admin, hromada=hromada, institution=clinic,
        fields={"residents": ["last_name", "first_name", "patronymic", "birth_date", "building", "status"]},
        starts_on=date(2026, 9, 1), ends_on=date(2027, 8, 31),
        legal_basis="Договір про інформаційну взаємодію з амбулаторією № 7 від 01.09.2026 (демонстраційний)",
    )
