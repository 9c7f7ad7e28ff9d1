"""Demo software of Mohyliv (seed 002, goal V.III: «провести інвентаризацію ПЗ, виявити застаріле та неліцензійне
ПЗ, розробити стандартні набори ПЗ згідно зі сферою діяльності працівників, закупити ліцензійне ПЗ, продовжити
терміни ліцензії»), idempotent, run after the equipment demo.

Titles the council's offices use (Windows 10/11 and a few Windows 7 left on old computers, Microsoft Office and
LibreOffice, M.E.Doc and «Парус-Бюджет» for accounting, ESET, the EDMS «АСКОД», Chrome and Firefox, «ІІТ
Користувач ЦСК-1» for e-signatures, 7-Zip), licences with seats, **a few unlicensed installations** (Avast Free,
which its licence allows only at home, and two copies of Office more than its seats), outdated and unsupported
ones, **one licence expiring this month** (its term follows the day the demo is seeded), and three job profiles.
The installations go on the computers and laptops the equipment demo made (none yet: titles, licences and profiles
only). Slobozhanska gets a little, for tenant isolation. Contracts, costs and people are DEMO data.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from hromada.core.models import Department, Hromada, User
from hromada.core.ukrtext import search_key
from hromada.itassets.models import (
    Category,
    Equipment,
    Installation,
    Licence,
    Seat,
    Software,
    SoftwareProfile,
    SoftwareProfileItem,
)

MOHYLIV = "UA12020110000034205"
SLOBOZHANSKA = "UA12020250000010438"
PROGRAMME = "programme@mohyliv.example"
HEAD_FINANCE = "head@mohyliv.example"
K = Software.Kind

# (key, name, vendor, kind, free, current version, oldest supported version, support ends, notes)
TITLES = [
    ("win11", "Windows 11 Pro", "Microsoft", K.OS, False, "10.0.26100", "10.0.22631", None, ""),
    ("win10", "Windows 10 Pro", "Microsoft", K.OS, False, "10.0.19045", "10.0.19045", date(2025, 10, 14),
     "Підтримку Windows 10 припинено 14.10.2025: комп’ютери, що тягнуть Windows 11, оновити, решту — списати."),
    ("win7", "Windows 7 Professional", "Microsoft", K.OS, False, "6.1.7601", "6.1.7601", date(2020, 1, 14),
     "Залишилася на старих комп’ютерах, що підлягають списанню."),
    ("office", "Microsoft Office 2021 Standard", "Microsoft", K.OFFICE, False, "16.0.14332", "16.0", None, ""),
    ("libre", "LibreOffice", "The Document Foundation", K.OFFICE, True, "24.8.3", "7.6", None, ""),
    ("medoc", "M.E.Doc", "ТОВ «М.Е.Док»", K.ACCOUNTING, False, "11.02.153", "11.02.100", None,
     "Звітність до ДПС, ПФУ; ліцензія на кожне робоче місце."),
    ("parus", "Парус-Бюджет", "Корпорація «Парус»", K.ACCOUNTING, False, "8.5.6", "8.5", None,
     "Бухгалтерський облік бюджетної установи."),
    ("eset", "ESET Endpoint Antivirus", "ESET", K.ANTIVIRUS, False, "11.1.2039", "10.1", None, ""),
    ("avast", "Avast Free Antivirus", "Avast", K.ANTIVIRUS, False, "24.9", "", None,
     "Безкоштовна лише для домашнього використання: в установі потрібна платна ліцензія або заміна на ESET."),
    ("askod", "СЕД «АСКОД»", "", K.EDMS, False, "4.6", "4.5", None, "Система електронного документообігу."),
    ("chrome", "Google Chrome", "Google", K.BROWSER, True, "131.0.6778", "128", None, ""),
    ("firefox", "Mozilla Firefox", "Mozilla", K.BROWSER, True, "133.0", "128", None, ""),
    ("iit", "ІІТ Користувач ЦСК-1", "ІІТ", K.SIGNATURE, True, "1.3.1.219", "1.3.1", None,
     "Накладання та перевірка КЕП."),
    ("7zip", "7-Zip", "Igor Pavlov", K.OTHER, True, "24.08", "", None, ""),
]

# Job profiles (seed 002: «розробити стандартні технічні характеристики для ПК згідно зі сферою діяльності
# працівників», «стандартні набори ПЗ»): name, description, hardware, [(title key, at least version)].
PROFILES = [
    ("Бухгалтер", "Робоче місце бухгалтера фінансового відділу: облік, звітність, платежі з КЕП.",
     "Процесор 4 ядра від 2,5 ГГц; ОЗП 16 ГБ; SSD 512 ГБ; монітор 24″; ДБЖ 650 ВА; захищений носій КЕП.",
     [("win11", ""), ("office", ""), ("medoc", ""), ("parus", ""), ("eset", ""), ("iit", ""), ("chrome", "")]),
    ("Діловод", "Реєстрація документів і звернень, листування, СЕД.",
     "Процесор 4 ядра; ОЗП 8 ГБ; SSD 256 ГБ; монітор 22″; сканер А4 з автоподачею.",
     [("win11", ""), ("libre", ""), ("askod", ""), ("eset", ""), ("iit", ""), ("chrome", "")]),
    ("Адміністратор ЦНАП", "Прийом відвідувачів ЦНАП, робота з державними реєстрами та е-чергою.",
     "Процесор 4 ядра; ОЗП 16 ГБ; SSD 512 ГБ; два монітори 24″; сканер; принтер; зчитувач ID-картки.",
     [("win11", ""), ("libre", ""), ("askod", ""), ("eset", ""), ("iit", ""), ("chrome", "130"),
      ("firefox", "")]),
]


def _month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _title(hromada, report, key, name, vendor, kind, free, current, minimum, support_ends, notes) -> Software:
    title = Software.objects.filter(hromada=hromada, name=name, vendor=vendor).first()
    created = title is None
    if created:
        title = Software(hromada=hromada, name=name, vendor=vendor)
    title.kind, title.free, title.current_version, title.minimum_version = kind, free, current, minimum
    title.support_ends_on, title.notes, title.name_key = support_ends, notes, search_key(name)
    title.save()
    report.count("software titles", created)
    return title


def _licence(hromada, report, title: Software, contract: str, **values) -> Licence:
    lic = Licence.objects.filter(hromada=hromada, software=title, contract=contract).first()
    created = lic is None
    if created:
        lic = Licence(hromada=hromada, software=title, contract=contract)
    for name, value in values.items():
        setattr(lic, name, value)
    lic.save()
    report.count("software licences", created)
    return lic


def _computers(hromada) -> list[Equipment]:
    return list(Equipment.objects.filter(hromada=hromada, category__in=(Category.COMPUTER, Category.LAPTOP))
                .exclude(status=Equipment.Status.WRITTEN_OFF).select_related("department")
                .order_by("inventory_number"))


def _os_for(item: Equipment, index: int) -> tuple[str, str]:
    """Windows by the computer's age: 11 on the new ones, 10 on the middle, 7 on a few of the oldest."""
    year = item.purchase_date.year if item.purchase_date else 2019
    if year >= 2022:
        return "win11", "10.0.26100" if index % 3 else "10.0.22631"
    if year >= 2016:
        return "win10", "10.0.17763" if index % 9 == 4 else "10.0.19045"  # one in nine not updated since 2018
    return ("win7", "6.1.7601") if index % 2 == 0 else ("win10", "10.0.19045")


def _install(hromada, wanted: dict[tuple[int, int], str], report) -> None:
    existing = set(Installation.objects.filter(hromada=hromada).values_list("equipment_id", "software_id"))
    new = [Installation(hromada=hromada, equipment_id=e, software_id=s, version=v,
                        installed_on=None, source=Installation.Source.IMPORT)
           for (e, s), v in wanted.items() if (e, s) not in existing]
    Installation.objects.bulk_create(new, batch_size=500)
    for _ in new:
        report.count("software installations", True)


def _seat(hromada, report, lic: Licence, on: date, *, equipment=None, user_id=None, person_name="") -> None:
    held = Seat.objects.filter(licence=lic, released_on__isnull=True)
    if equipment is not None:
        mine = held.filter(equipment=equipment)
    elif user_id is not None:
        mine = held.filter(user_id=user_id)
    else:
        mine = held.filter(person_name=person_name, user__isnull=True)
    if mine.exists() or (lic.seats is not None and held.count() >= lic.seats):
        return
    Seat.objects.create(hromada=hromada, licence=lic, equipment=equipment, user_id=user_id,
                        person_name=person_name, assigned_on=on)
    report.count("licence seats", True)


def seed(report) -> None:
    hromada = Hromada.objects.filter(katottg=MOHYLIV).first()
    if hromada is not None:
        _seed_mohyliv(hromada, report)
    other = Hromada.objects.filter(katottg=SLOBOZHANSKA).first()
    if other is not None:
        _seed_slobozhanska(other, report)


def _seed_mohyliv(hromada, report) -> None:
    today = timezone.localdate()
    titles = {row[0]: _title(hromada, report, *row) for row in TITLES}
    programme = User.objects.filter(email=PROGRAMME).first()
    finance = User.objects.filter(email=HEAD_FINANCE).first() or programme
    year_ago = today - timedelta(days=300)
    licences = {
        "win11": _licence(hromada, report, titles["win11"], "OEM з комп’ютерами (DEMO)", kind=Licence.Kind.OEM,
                          seats=None, starts_on=None, expires_on=None, responsible=programme,
                          key_reference="Наклейки на корпусах; коробки — шафа ІТ, к. 12"),
        "win10": _licence(hromada, report, titles["win10"], "OEM з комп’ютерами 2016–2021 (DEMO)",
                          kind=Licence.Kind.OEM, seats=None, starts_on=None, expires_on=None, responsible=programme),
        "win7": _licence(hromada, report, titles["win7"], "OEM з комп’ютерами до 2016 (DEMO)",
                         kind=Licence.Kind.OEM, seats=None, starts_on=None, expires_on=None, responsible=programme),
        "office": _licence(hromada, report, titles["office"], "Договір № 41/2023-ПЗ (DEMO)",
                           kind=Licence.Kind.PERPETUAL, seats=12, starts_on=date(2023, 4, 3), expires_on=None,
                           cost=Decimal("118800.00"), funding_source="local", supplier="ТОВ «Софт-Сервіс» (DEMO)",
                           responsible=programme, key_reference="Портал Microsoft VLSC; доступ — у відповідального"),
        "medoc": _licence(hromada, report, titles["medoc"], "Рахунок № МД-2207 (DEMO)",
                          kind=Licence.Kind.SUBSCRIPTION, seats=3, starts_on=year_ago,
                          expires_on=year_ago + timedelta(days=364), cost=Decimal("12000.50"),
                          funding_source="local", supplier="Сервісний центр M.E.Doc (DEMO)", responsible=finance),
        # The licence that expires this month, whatever the day the demo is seeded.
        "parus": _licence(hromada, report, titles["parus"], "Договір № 7/ПБ супроводу (DEMO)",
                          kind=Licence.Kind.SUBSCRIPTION, seats=2, starts_on=_month_end(today) - timedelta(days=364),
                          expires_on=_month_end(today), cost=Decimal("24600.00"), funding_source="local",
                          supplier="Дилер «Парус» (DEMO)", responsible=finance),
        "eset": _licence(hromada, report, titles["eset"], "Договір № 112/2026-А (DEMO)",
                         kind=Licence.Kind.SUBSCRIPTION, seats=40, starts_on=today - timedelta(days=200),
                         expires_on=today - timedelta(days=200) + timedelta(days=364), cost=Decimal("31200.00"),
                         funding_source="local", supplier="ТОВ «Антивірусні рішення» (DEMO)",
                         responsible=programme),
        # Given to the council without charge for every workplace: a free licence covers every installation.
        "askod": _licence(hromada, report, titles["askod"], "Угода про використання СЕД (DEMO)",
                          kind=Licence.Kind.FREE, seats=None, starts_on=date(2021, 9, 1), expires_on=None,
                          responsible=programme),
    }
    _profiles(hromada, report, titles)
    computers = _computers(hromada)
    if not computers:
        return
    _software_on(hromada, report, computers, titles, licences, today)


def _profiles(hromada, report, titles) -> dict[str, SoftwareProfile]:
    result = {}
    for name, description, hardware, items in PROFILES:
        profile, created = SoftwareProfile.objects.get_or_create(
            hromada=hromada, name=name, defaults={"description": description, "hardware": hardware})
        report.count("job profiles", created)
        for key, minimum in items:
            SoftwareProfileItem.objects.get_or_create(profile=profile, software=titles[key],
                                                      defaults={"minimum_version": minimum})
        result[name] = profile
    return result


def _software_on(hromada, report, computers, titles, licences, today) -> None:
    """Installations, seats and profiles on the computers the equipment demo made (deterministic by order)."""
    departments = {d.pk: d.short_name for d in Department.objects.filter(hromada=hromada)}
    profiles = {p.name: p for p in SoftwareProfile.objects.filter(hromada=hromada)}
    wanted: dict[tuple[int, int], str] = {}
    office_on, accountants, clerks, cnap = [], [], [], []
    for index, item in enumerate(computers):
        unit = departments.get(item.department_id, "")
        if unit == "ФВ" or (not unit and index % 10 == 1):
            accountants.append(item)
        elif unit == "ЦНАП" or (not unit and index % 10 == 2):
            cnap.append(item)
        elif unit == "ЗВ" or (not unit and index % 10 == 3):
            clerks.append(item)
        os_key, os_version = _os_for(item, index)
        wanted[(item.pk, titles[os_key].pk)] = os_version
        wanted[(item.pk, titles["chrome"].pk)] = "131.0.6778" if index % 4 else "109.0.5414"
        wanted[(item.pk, titles["7zip"].pk)] = "24.08"
        # Avast Free on three computers of the institutions: unlicensed for an organisation.
        antivirus = "avast" if index in (5, 17, 29) else "eset"
        wanted[(item.pk, titles[antivirus].pk)] = "24.9" if antivirus == "avast" else "11.1.2039"
        office = item in accountants or index % 5 == 0
        if office:
            office_on.append(item)
            wanted[(item.pk, titles["office"].pk)] = "16.0.14332"
        else:
            wanted[(item.pk, titles["libre"].pk)] = "24.8.3" if index % 6 else "7.3.7"
    for position, item in enumerate(accountants[:4]):
        wanted[(item.pk, titles["medoc"].pk)] = "11.02.153"
        if position < 2:
            wanted[(item.pk, titles["parus"].pk)] = "8.5.6"
        wanted[(item.pk, titles["iit"].pk)] = "1.3.1.219"
    for item in clerks + cnap:
        wanted[(item.pk, titles["askod"].pk)] = "4.6"
        wanted[(item.pk, titles["iit"].pk)] = "1.3.1.219"
    for item in cnap:
        wanted[(item.pk, titles["firefox"].pk)] = "133.0"
    _install(hromada, wanted, report)
    by_pk = {item.pk: item for item in computers}
    # Office: two copies more than its seats; ESET: seats for every copy, in tens.
    with_eset = sum(1 for (_e, s), _v in wanted.items() if s == titles["eset"].pk)
    for key, seats in (("office", max(1, len(office_on) - 2)), ("eset", max(10, -(-with_eset // 10) * 10))):
        if licences[key].seats != seats and Seat.objects.filter(licence=licences[key],
                                                                released_on__isnull=True).count() <= seats:
            licences[key].seats = seats
            licences[key].save(update_fields=["seats", "updated_at"])

    # Seats: Windows with each computer (OEM), Office to all but the last two who have it (two unlicensed copies),
    # M.E.Doc to the accountants by name, «Парус» to two computers, ESET to every computer with ESET.
    on = today - timedelta(days=30)
    for (equipment_id, software_id), _version in sorted(wanted.items()):
        for key in ("win11", "win10", "win7"):
            if software_id == titles[key].pk:
                _seat(hromada, report, licences[key], on, equipment=by_pk[equipment_id])
    for item in office_on[:licences["office"].seats]:
        _seat(hromada, report, licences["office"], date(2023, 4, 10), equipment=item)
    # M.E.Doc is licensed per person: to the account or the name the computer is assigned to.
    for item in accountants[:3]:
        medoc = licences["medoc"]
        if item.assigned_user_id:
            _seat(hromada, report, medoc, medoc.starts_on, user_id=item.assigned_user_id)
        elif item.assigned_name:
            _seat(hromada, report, medoc, medoc.starts_on, person_name=item.assigned_name)
        else:
            _seat(hromada, report, medoc, medoc.starts_on, equipment=item)
    for item in accountants[:2]:
        _seat(hromada, report, licences["parus"], licences["parus"].starts_on, equipment=item)
    for (equipment_id, software_id), _version in sorted(wanted.items()):
        if software_id == titles["eset"].pk:
            _seat(hromada, report, licences["eset"], licences["eset"].starts_on, equipment=by_pk[equipment_id])
    for group, name in ((accountants, "Бухгалтер"), (clerks, "Діловод"), (cnap, "Адміністратор ЦНАП")):
        ids = [item.pk for item in group if item.profile_id is None]
        Equipment.objects.filter(pk__in=ids).update(profile=profiles[name])


def _seed_slobozhanska(hromada, report) -> None:
    today = timezone.localdate()
    office = _title(hromada, report, "office", "Microsoft Office 2019", "Microsoft", K.OFFICE, False, "16.0.10417",
                    "16.0", None, "")
    _title(hromada, report, "libre", "LibreOffice", "The Document Foundation", K.OFFICE, True, "24.8.3", "7.6",
           None, "")
    lic = _licence(hromada, report, office, "Договір № 5-ПЗ (DEMO)", kind=Licence.Kind.PERPETUAL, seats=5,
                   starts_on=date(2020, 2, 1), expires_on=None, cost=Decimal("42500.00"))
    computers = _computers(hromada)[:6]
    _install(hromada, {(item.pk, office.pk): "16.0.10417" for item in computers}, report)
    for item in computers[:5]:
        _seat(hromada, report, lic, today - timedelta(days=100), equipment=item)
