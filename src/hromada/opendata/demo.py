"""Demo open data of Mohyliv (idempotent; run by core.demo.seed after the other apps, whose demo registers the
live datasets read): the 835 obligations decided, 16 datasets generated from the registers and 9 uploaded by
the units (a budget file in XLSX, the bus timetable, the stops as GeoJSON, …), one of them overdue and one due
this week. Slobozhanska publishes two generated datasets, so tenant isolation shows in the catalogues and APIs.

Figures in the uploaded files are DEMO data shaped like the real documents (КПКВК codes, ЄДРПОУ with valid check
digits), not Mohyliv's actual budget.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from hromada.core.deadlines import calendar_for
from hromada.core.models import Department, Hromada, User
from hromada.core.validators import edrpou_check_digit
from hromada.opendata import publishing, schedule, services
from hromada.opendata.models import Dataset, ObligationChoice

MOHYLIV = "UA12020110000034205"
SLOBOZHANSKA = "UA12020250000010438"
PROGRAMME = "programme@mohyliv.example"


def edrpou(first_seven: str) -> str:
    return first_seven + str(edrpou_check_digit(first_seven + "0"))


COUNCIL_EDRPOU = edrpou("0435200")  # DEMO

# (obligation code, unit short name, responsible login) of the generated datasets.
LIVE = [
    ("all-001", "ЗВ", "clerk@mohyliv.example"),
    ("all-002", "ЗВ", "clerk@mohyliv.example"),
    ("all-005", "ЗВ", "head.general@mohyliv.example"),
    ("all-007", None, PROGRAMME),
    ("all-009", "ЗВ", "secretary@mohyliv.example"),
    ("mun-votes", "ЗВ", "secretary@mohyliv.example"),
    ("mun-deputies", "ЗВ", "secretary@mohyliv.example"),
    ("mun-002", "ФВ", "head@mohyliv.example"),
    ("mun-003", "ФВ", "head@mohyliv.example"),
    ("mun-004", "ФВ", "head@mohyliv.example"),
    ("mun-028", "ВЗРЕ", "head.land@mohyliv.example"),
    ("mun-050", None, PROGRAMME),
    ("mun-petitions", "ЗВ", "head.general@mohyliv.example"),
    ("mun-budget", "ФВ", "head@mohyliv.example"),
    ("mun-cnap", "ЦНАП", "cnap@mohyliv.example"),
]
NOT_APPLICABLE = {
    "mun-019": "У громаді немає громадських вбиралень комунальної власності.",
    "mun-x-transport-realtime": "Громада не має міського громадського транспорту з GPS-трекерами.",
    "mun-x-parking": "Паркувальних майданчиків комунальної власності в громаді немає.",
}


def _csv(header, rows) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def _budget_passports_xlsx() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Паспорти 2026"
    sheet.append(["programCode", "programName", "responsibleExecutor", "approvedBy", "generalFund", "specialFund",
                  "goal"])
    for row in PROGRAMMES:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# КПКВК МБ codes and names as local budgets use them; amounts are DEMO.
PROGRAMMES = [
    ("0110150", "Організаційне, інформаційно-аналітичне та матеріально-технічне забезпечення діяльності "
                "сільської ради", "Загальний відділ", "Розпорядження від 15.01.2026 № 4", 14250300.00, 120000.00,
     "Забезпечення діяльності ради та її виконавчого комітету"),
    ("0611021", "Надання загальної середньої освіти закладами загальної середньої освіти", "Відділ освіти, культури, "
     "молоді та спорту", "Розпорядження від 15.01.2026 № 4", 31800450.00, 2150000.00,
     "Забезпечення здобуття повної загальної середньої освіти"),
    ("0611010", "Надання дошкільної освіти", "Відділ освіти, культури, молоді та спорту",
     "Розпорядження від 15.01.2026 № 4", 6120000.00, 310000.00, "Забезпечення здобуття дошкільної освіти"),
    ("0116030", "Організація благоустрою населених пунктів", "Загальний відділ", "Розпорядження від 15.01.2026 № 4",
     2870000.00, 0.00, "Утримання доріг, вуличного освітлення та зелених насаджень"),
    ("0117130", "Здійснення заходів із землеустрою", "Відділ земельних ресурсів та екології",
     "Розпорядження від 15.01.2026 № 4", 450000.00, 0.00, "Інвентаризація земель і нормативна грошова оцінка"),
    ("0117520", "Реалізація Національної програми інформатизації", "Загальний відділ",
     "Розпорядження від 15.01.2026 № 4", 1250000.00, 0.00, "Виконання місцевої програми інформатизації"),
]

STOPS = [  # (id, name, settlement, lat, lon)
    ("S01", "Могилів, центр", "Могилів", 48.8712, 34.5291),
    ("S02", "Могилів, школа", "Могилів", 48.8751, 34.5234),
    ("S03", "Новопідкряж", "Новопідкряж", 48.8420, 34.4870),
    ("S04", "Цибульківка", "Цибульківка", 48.9031, 34.5712),
    ("S05", "Молодіжне", "Молодіжне", 48.8605, 34.6010),
]


def _uploads():
    """(code, unit, responsible login, passport, resources [(title, fmt, filename, bytes)], frequency)."""
    year = timezone.localdate().year
    managers = [
        ("0435200", "Могилівська сільська рада"),
        ("2189001", "Відділ освіти, культури, молоді та спорту Могилівської сільської ради"),
        ("2189002", "Фінансовий відділ Могилівської сільської ради"),
        ("2189003", "Могилівська загальноосвітня школа І–ІІІ ступенів"),
    ]
    geojson = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
         "properties": {"stopId": sid, "name": name, "settlement": settlement}}
        for sid, name, settlement, lat, lon in STOPS]}
    timetable = [("M1", "Могилів — Новопідкряж", sid, name, time, "пн–пт")
                 for sid, name, time in (("S01", "Могилів, центр", "07:10"), ("S02", "Могилів, школа", "07:15"),
                                         ("S03", "Новопідкряж", "07:35"), ("S01", "Могилів, центр", "16:20"),
                                         ("S03", "Новопідкряж", "16:45"))]
    return [
        ("mun-010", "ФВ", "head@mohyliv.example", "yearly",
         f"Паспорти бюджетних програм місцевого бюджету на {year} рік",
         [("Паспорти бюджетних програм", "xlsx", f"pasporty-{year}.xlsx", _budget_passports_xlsx())]),
        ("mun-011", "ФВ", "head@mohyliv.example", "yearly",
         f"Звіти про виконання паспортів бюджетних програм за {year - 1} рік",
         [("Звіти про виконання", "csv", "zvity.csv", _csv(
             ["programCode", "programName", "plannedAmount", "executedAmount", "executionPercent"],
             [(code, name, f"{g + s:.2f}", f"{(g + s) * 0.97:.2f}", "97.0")
              for code, name, _unit, _by, g, s, _goal in PROGRAMMES]))]),
        ("mun-049", "ФВ", "head@mohyliv.example", "on_change", "Перелік бюджетних програм",
         [("Перелік бюджетних програм", "csv", "prohramy.csv", _csv(
             ["programCode", "programName", "responsibleExecutor"],
             [(code, name, unit) for code, name, unit, *_rest in PROGRAMMES]))]),
        ("mun-051", "ФВ", "head@mohyliv.example", "on_change", "Перелік розпорядників бюджетних коштів",
         [("Розпорядники бюджетних коштів", "csv", "rozporiadnyky.csv", _csv(
             ["edrpou", "name", "level"],
             [(edrpou(code), name, "головний" if i < 3 else "нижчого рівня")
              for i, (code, name) in enumerate(managers)]))]),
        ("mun-023", "ЗВ", "clerk@mohyliv.example", "on_change", "Розклад руху громадського транспорту",
         [("Розклад руху маршруту М1", "csv", "rozklad.csv", _csv(
             ["routeId", "routeName", "stopId", "stopName", "departureTime", "days"], timetable))]),
        ("mun-024", "ЗВ", "clerk@mohyliv.example", "on_change",
         "Дані про місце розміщення зупинок громадського транспорту",
         [("Зупинки", "geojson", "zupynky.geojson", json.dumps(geojson, ensure_ascii=False).encode("utf-8"))]),
        ("mun-035", "ВОКМС", "head.general@mohyliv.example", "yearly",
         "Дані про зовнішню доступність інфраструктурних об'єктів для маломобільних груп населення",
         [("Доступність закладів", "csv", "dostupnist.csv", _csv(
             ["objectName", "settlement", "ramp", "accessibleEntrance", "accessibleToilet", "surveyDate"],
             [("Могилівська сільська рада", "Могилів", "true", "true", "false", f"{year}-03-12"),
              ("Могилівська загальноосвітня школа І–ІІІ ступенів", "Могилів", "true", "true", "true",
               f"{year}-03-12"),
              ("Могилівська амбулаторія загальної практики — сімейної медицини", "Могилів", "true", "true", "true",
               f"{year}-03-13"),
              ("Цибульківська загальноосвітня школа І–ІІ ступенів", "Цибульківка", "false", "false", "false",
               f"{year}-03-14")]))]),
        ("mun-027", "ЗВ", "head.general@mohyliv.example", "quarterly",
         "Перелік укладених договорів",
         [("Договори", "csv", "dohovory.csv", _csv(
             ["contractNumber", "contractDate", "supplierEdrpou", "supplierName", "subject", "amount"],
             [("12/26", f"{year}-02-03", edrpou("3845011"), "ТОВ «Полтаваенергозбут» (DEMO)",
               "Постачання електричної енергії", "845000.00"),
              ("27/26", f"{year}-03-18", edrpou("4102560"), "ТОВ «Агробудпостач» (DEMO)",
               "Поточний ремонт дороги вул. Центральна, с. Могилів", "1234500.00"),
              ("41/26", f"{year}-05-06", edrpou("3910032"), "ТОВ «Інформаційні системи громад» (DEMO)",
               "Супровід програмного забезпечення", "96000.00")]))]),
        ("all-013", "ЗВ", "secretary@mohyliv.example", "yearly",
         f"План діяльності з підготовки проєктів регуляторних актів на {year} рік",
         [("План регуляторної діяльності", "csv", "plan.csv", _csv(
             ["number", "actType", "title", "goal", "deadline", "responsibleUnit"],
             [(1, "рішення ради", "Про встановлення місцевих податків і зборів на наступний рік",
               "Наповнення місцевого бюджету", f"{year}-06-30", "Фінансовий відділ"),
              (2, "рішення ради", "Про затвердження Правил благоустрою території громади",
               "Впорядкування благоустрою", f"{year}-09-30", "Загальний відділ")]))]),
    ]


def seed(report) -> None:
    hromada = Hromada.objects.filter(katottg=MOHYLIV).first()
    if hromada is None:
        return
    manager = User.objects.get(email=PROGRAMME)
    settings = dict(hromada.settings or {})
    settings.setdefault("opendata.publisher_edrpou", COUNCIL_EDRPOU)
    settings.setdefault("opendata.official_domains", "mohyliv.example")
    if settings != hromada.settings:
        Hromada.objects.filter(pk=hromada.pk).update(settings=settings)
        hromada.refresh_from_db()
    departments = {d.short_name: d for d in Department.objects.filter(hromada=hromada)}
    people = {u.email: u for u in User.objects.filter(email__endswith="@mohyliv.example")}

    def choose(code, unit, login):
        if not ObligationChoice.objects.filter(hromada=hromada, code=code).exists():
            services.choose_obligation(hromada, manager, code, applies=True, department=departments.get(unit),
                                       responsible=people.get(login))
            report.count("opendata obligations", True)

    for code, reason in NOT_APPLICABLE.items():
        if not ObligationChoice.objects.filter(hromada=hromada, code=code).exists():
            services.choose_obligation(hromada, manager, code, applies=False, reason=reason)
    for code, unit, login in LIVE:
        choose(code, unit, login)
        if not Dataset.objects.filter(hromada=hromada, obligation_code=code).exists():
            dataset = services.start_obligation(hromada, manager, code)
            publishing.publish_live(dataset, user=manager)
            report.count("opendata datasets", True)
    if not Dataset.objects.filter(hromada=hromada, live_key="programmes.tasks").exists():
        dataset = services.create_dataset(hromada, manager, live_key="programmes.tasks",
                                          responsible=manager, contact_name=manager.full_name,
                                          contact_email=manager.email)
        publishing.publish_live(dataset, user=manager)
        report.count("opendata datasets", True)
    published_at = _replayed_publications(hromada)
    for code, unit, login, frequency, title, resources in _uploads():
        choose(code, unit, login)
        if Dataset.objects.filter(hromada=hromada, obligation_code=code).exists():
            continue
        person = people.get(login)
        dataset = services.start_obligation(hromada, manager, code)
        services.update_passport(dataset, manager, {
            "title": title, "frequency": frequency, "department": departments.get(unit),
            "description": (f"{title}. Дані підготовлено відповідальним підрозділом Могилівської сільської ради "
                            "(демонстраційні дані, DEMO). Персональних даних набір не містить."),
            "keywords": ", ".join(title.lower().split()[:3]), "topic": "finansy" if unit == "ФВ" else "derzhava",
        })
        when = published_at.get(code, timezone.now())
        for res_title, fmt, filename, content in resources:
            resource = services.add_resource(dataset, manager, title=res_title, fmt=fmt)
            result = publishing.upload(resource, SimpleUploadedFile(filename, content), user=person or manager,
                                       relevance_date=timezone.localdate(when), now=when)
            if result.version is None:
                raise RuntimeError(f"demo upload {code} refused: {result.problems or result.report.problems}")
        report.count("opendata datasets", True)
    _deadlines(hromada, manager)
    # The register of datasets (all-007) was generated first; now it lists every dataset published above.
    publishing.publish_live(Dataset.objects.get(hromada=hromada, live_key="opendata.register"), user=manager)
    _slobozhanska(report)


def _replayed_publications(hromada) -> dict:
    """When two uploaded datasets were published, replayed so that the deadlines show: the contracts (quarterly)
    last published about three months ago — due within the next working days (today, if today is a working
    day); the budget spending units (updated after a change) published twenty days ago."""
    cal = calendar_for(hromada)
    now = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0)
    today = timezone.localdate()
    # The day three months before whose due date falls in the next three working days (months differ in length,
    # so the day is searched for rather than subtracted).
    candidates = [today - timedelta(days=back) for back in range(80, 100)]
    day = min((d for d in candidates
               if schedule.state(cal.add_calendar_months(d, 3), today, cal) in ("today", "soon")),
              key=lambda d: cal.add_calendar_months(d, 3))
    return {"mun-027": now - (today - day), "mun-051": now - timedelta(days=20)}


def _deadlines(hromada, manager) -> None:
    """The budget spending units changed six working days ago and the list is not updated yet: overdue."""
    cal = calendar_for(hromada)
    day, n = timezone.localdate(), 6
    while n:
        day -= timedelta(days=1)
        if cal.is_working_day(day):
            n -= 1
    dataset = Dataset.objects.get(hromada=hromada, obligation_code="mun-051")
    if dataset.source_changed_at is None:
        moment = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0)
        services.mark_source_changed(dataset, manager, when=moment - (timezone.localdate() - day))


def _slobozhanska(report) -> None:
    hromada = Hromada.objects.filter(katottg=SLOBOZHANSKA).first()
    admin = User.objects.filter(email="admin@slobozhanska.example", is_active=True).first()
    if hromada is None or admin is None:
        return
    from hromada.core.roles import can

    if not can(admin, hromada, "opendata.manage"):
        return
    for code in ("all-002", "all-007"):
        services.choose_obligation(hromada, admin, code, applies=True)
        if not Dataset.objects.filter(hromada=hromada, obligation_code=code).exists():
            dataset = services.start_obligation(hromada, admin, code)
            publishing.publish_live(dataset, user=admin)
            report.count("opendata datasets", True)


