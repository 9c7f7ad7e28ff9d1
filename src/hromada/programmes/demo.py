"""Demo data of the programmes app, loaded by `hromada seed-demo` through the same services users call.

Mohyliv: the IT strategy 2021–2025 (seed 002) and a programme 2026–2028 on the template's directions, approved
and in execution, with two quarters of monitoring in which one unit reported late. Slobozhanska: its action
plan 2024–2025 (seed 003). A second run finds the rows by their natural keys and creates nothing.
"""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path

from django.utils import timezone

from hromada.core.models import Department, Hromada, Institution, User
from hromada.programmes import catalogue
from hromada.programmes.models import Indicator, Programme, Task, UnitReport
from hromada.programmes.services import monitoring
from hromada.programmes.services import programme as svc

DATA = Path(__file__).resolve().parent / "data" / "demo"
MOHYLIV = "UA12020110000034205"
SLOBOZHANSKA = "UA12020250000010438"
TITLE = "Програма інформатизації Могилівської сільської територіальної громади на 2026–2028 роки"
D = Decimal

SECTIONS = {
    "ii": (
        "Програму розроблено відповідно до Закону України «Про Національну програму інформатизації», постанови "
        "Кабінету Міністрів України від 02 лютого 2024 року № 119 та Типового проєкту програми інформатизації "
        "органу місцевого самоврядування, з урахуванням Стратегії розвитку ІТ-сфери Могилівської ТГ на 2021–2025 "
        "роки.\n\nПрограма продовжує стратегію: її напрями «Залучення мешканців» і «Покращення ефективності "
        "діяльності ОМС» переходять у пріоритетні напрями цієї Програми."
    ),
    "iii": (
        "За 2021–2025 роки громада запровадила сайт із електронними сервісами, бюджет участі та е-петиції; "
        "усі працівники апарату забезпечені ПК.\n\nПроблеми, що потребують розв'язання:\n"
        "- система електронного документообігу майже не використовується;\n"
        "- ЦНАП не має електронної черги, а реєстр мешканців не верифіковано;\n"
        "- частина сіл не має високошвидкісного доступу до Інтернету;\n"
        "- низький рівень цифрової грамотності старших мешканців."
    ),
    "iv": (
        "Мета Програми — **цифрова трансформація управління громадою та публічних послуг** для 12 населених "
        "пунктів громади.\n\nПріоритетні напрями визначено за Типовим проєктом; перелік завдань наведено в "
        "додатку 1."
    ),
    "v": (
        "- 35 % звернень мешканців подаються в електронному вигляді;\n"
        "- усі комунальні заклади підключено до Інтернету зі швидкістю від 100 Мбіт/с;\n"
        "- ЦНАП працює з електронною чергою;\n"
        "- 90 % мешканців верифіковано в реєстрі громади."
    ),
    "vi": (
        "Відповідальні за виконання щокварталу до 5 числа наступного місяця інформують керівника Програми про "
        "хід виконання завдань, щороку до 31 січня — про результати року. Керівник Програми до 1 березня подає "
        "звіти Генеральному державному замовнику."
    ),
}

# (direction key, catalogue task key or None, task, project, unit short names, start, end,
#  {year: (local, other)} thousand UAH, expected result)
TASKS = [
    ("governance", "governance-01", None, "Запровадження СЕД в апараті ради та відділах",
     ["ЗВ"], date(2026, 1, 1), date(2026, 12, 31), {2026: ("180.000", "0")},
     "Усі вхідні та вихідні документи реєструються в СЕД"),
    ("governance", "governance-02", None, "Оновлення комп'ютерної техніки апарату (12 робочих місць)",
     ["ФВ"], date(2026, 3, 1), date(2027, 6, 30), {2026: ("150.000", "0"), 2027: ("120.000", "0")},
     "Вік ПК апарату не перевищує 5 років"),
    ("governance", "governance-03", None, "Ліцензії програмного забезпечення та супровід систем",
     ["ФВ"], date(2026, 1, 1), date(2028, 12, 31), {2026: ("60.000", "0"), 2027: ("65.000", "0"),
                                                   2028: ("70.000", "0")},
     "Ліцензійне ПЗ на всіх робочих місцях"),
    ("governance", "governance-08", None, "Розвиток е-петицій, е-звернень і бюджету участі",
     ["ЗВ"], date(2026, 1, 1), date(2028, 12, 31), {2026: ("25.000", "0"), 2027: ("25.000", "0"),
                                                   2028: ("25.000", "0")},
     "35 % звернень подаються в електронному вигляді"),
    ("governance", "governance-12", None, "Оприлюднення наборів відкритих даних",
     ["ЗВ", "ВЗРЕ"], date(2026, 4, 1), date(2027, 12, 31), {2026: ("10.000", "0"), 2027: ("10.000", "0")},
     "100 % обов'язкових наборів опубліковано"),
    ("public-services", "public-services-02", None, "Електронна черга та обладнання ЦНАП",
     ["ЦНАП"], date(2026, 2, 1), date(2026, 9, 30), {2026: ("90.000", "140.000")},
     "ЦНАП працює з електронною чергою"),
    ("public-services", "public-services-05", None, "Онлайн-запис до закладу дошкільної освіти",
     ["ВОКМС"], date(2027, 1, 1), date(2027, 12, 31), {2027: ("40.000", "0")},
     "Батьки записують дітей онлайн"),
    ("public-services", "public-services-09", None, "ГІС громади та оцифрування картографічних матеріалів",
     ["ВЗРЕ"], date(2026, 6, 1), date(2028, 12, 31), {2026: ("80.000", "0"), 2027: ("120.000", "200.000"),
                                                      2028: ("60.000", "0")},
     "Онлайн-мапа з відкритими даними ГІС"),
    ("infrastructure", "infrastructure-03", None, "Підключення шкіл і амбулаторії до Інтернету 100 Мбіт/с",
     ["ВОКМС"], date(2026, 1, 1), date(2027, 12, 31), {2026: ("120.000", "300.000"), 2027: ("60.000", "0")},
     "100 % комунальних закладів підключено"),
    ("infrastructure", "infrastructure-02", None, "Зони Free WiFi у центрах старостинських округів",
     ["ВОКМС", "ФВ"], date(2026, 5, 1), date(2028, 10, 31), {2026: ("30.000", "0"), 2027: ("30.000", "0"),
                                                            2028: ("30.000", "0")},
     "Створено 3 нові зони Free WiFi"),
    ("infrastructure", "infrastructure-01", None, "Резервне копіювання та кіберзахист серверів ради",
     ["ФВ"], date(2026, 1, 1), date(2026, 12, 31), {2026: ("45.000", "0")},
     "Щоденні резервні копії, перевірене відновлення"),
    ("digital-economy", "digital-economy-07", None, "Курси цифрової грамотності для старших мешканців",
     ["ВОКМС"], date(2026, 3, 1), date(2028, 11, 30), {2026: ("15.000", "20.000"), 2027: ("15.000", "20.000"),
                                                      2028: ("15.000", "20.000")},
     "300 мешканців пройшли навчання"),
]

# (name, unit, baseline, baseline year, {year: target}, metric key or "", data source)
INDICATORS = [
    ("Частка звернень, поданих в електронному вигляді", "%", "12", 2025, {2026: "20", 2027: "28", 2028: "35"},
     "appeals.electronic_share", "Реєстр звернень платформи: звернення й звернення на гарячу лінію за каналами"),
    ("Відвідувачі офіційного вебсайту на місяць", "осіб", "1600", 2025, {2026: "1800", 2027: "2000", 2028: "2200"},
     "", "Статистика вебсайту"),
    ("Частка комунальних закладів із власним вебсайтом", "%", "25", 2025, {2026: "50", 2027: "75", 2028: "100"},
     "core.institutions_with_website", ""),
    ("Працівники, які працюють у платформі громади", "осіб", "0", 2025, {2026: "8", 2027: "12", 2028: "15"},
     "core.staff_accounts", ""),
    ("Мешканці, зареєстровані на порталі громади", "осіб", "0", 2025, {2026: "100", 2027: "500", 2028: "1000"},
     "core.resident_accounts", ""),
    ("Зони Free WiFi у громадських місцях", "од.", "2", 2025, {2026: "3", 2027: "4", 2028: "5"}, "",
     "Відділ освіти, культури, молоді та спорту"),
    # Measured by the IT assets register (seed 002, goals V.I and V.III; seed 003: cameras, corporate network).
    ("Частка комп’ютерів, не старших за п’ять років", "%", "55", 2025, {2026: "70", 2027: "80", 2028: "90"},
     "itassets.computers_modern_share", ""),
    ("Частка ліцензованого програмного забезпечення", "%", "85", 2025, {2026: "95", 2027: "100", 2028: "100"},
     "itassets.software_licensed_share", ""),
    ("Частка закладів з доступом до Інтернету не менше 100 Мбіт/с", "%", "45", 2025,
     {2026: "60", 2027: "80", 2028: "100"}, "itassets.institutions_100mbps_share", ""),
    ("Заклади, підключені до корпоративної мережі громади", "од.", "3", 2025, {2026: "5", 2027: "7", 2028: "9"},
     "itassets.institutions_in_corporate_network", ""),
    ("Камери відеоспостереження, підключені до системи поліції", "од.", "2", 2025,
     {2026: "5", 2027: "8", 2028: "12"}, "itassets.cameras_police_connected", ""),
    ("Частка систем із резервним копіюванням за графіком", "%", "50", 2025, {2026: "80", 2027: "100", 2028: "100"},
     "itassets.backups_on_schedule_share", ""),
    ("Середній час виконання заявок на ІТ-обслуговування", "год", "48", 2025, {2026: "36", 2027: "24", 2028: "24"},
     "itassets.requests_mean_close_hours", ""),
]

# Per quarter: (unit short name, submitted on, {project: (status, percent, local actual, other actual, comment)}).
QUARTERS = {
    1: [("ЗВ", date(2026, 4, 2)), ("ФВ", date(2026, 4, 3)), ("ЦНАП", date(2026, 4, 1)), ("ВОКМС", date(2026, 4, 6)),
        ("ВЗРЕ", date(2026, 4, 6))],
    # In Q2 the land resources department reported three days after the deadline.
    2: [("ЗВ", date(2026, 7, 3)), ("ФВ", date(2026, 7, 2)), ("ЦНАП", date(2026, 7, 1)), ("ВОКМС", date(2026, 7, 3)),
        ("ВЗРЕ", date(2026, 7, 9))],
}


def _progress(task: Task, quarter: int) -> dict:
    """Plausible progress: a quarter's share of the task's first year, spending in step with it."""
    months = max(1, (task.end_date.year - task.start_date.year) * 12 + task.end_date.month - task.start_date.month + 1)
    elapsed = max(0, min(months, (2026 - task.start_date.year) * 12 + quarter * 3 - task.start_date.month + 1))
    percent = min(100, round(100 * elapsed / months))
    planned = {f.source: f.planned for f in task.financing.filter(year=2026)}
    share = D(percent) / 100
    status = Task.Status.DONE if percent == 100 else (Task.Status.IN_PROGRESS if percent else Task.Status.PLANNED)
    return {"status": status, "percent_done": percent,
            "actual_local": (planned.get("local", D(0)) * share).quantize(D("0.001")),
            "actual_other": (planned.get("other", D(0)) * share).quantize(D("0.001")),
            "comment": "Роботи тривають за планом" if percent < 100 else "Виконано"}


def _mohyliv_programme(hromada: Hromada, actor: User, report) -> None:
    if Programme.objects.filter(hromada=hromada, title=TITLE).exists():
        return
    units = {d.short_name: d for d in Department.objects.filter(hromada=hromada)}
    programme = svc.create_programme(actor=actor, hromada=hromada, title=TITLE, start_year=2026, end_year=2028)
    svc.update_sections(programme, actor=actor, hromada=hromada, sections=SECTIONS)
    directions = {d.catalogue_key: d for d in svc.add_catalogue_directions(
        programme, actor=actor, hromada=hromada,
        keys=["governance", "public-services", "infrastructure", "digital-economy"])}
    totals: dict[int, list[Decimal]] = {year: [D(0), D(0)] for year in programme.years}
    for key, catalogue_key, name, project, unit_names, start, end, money, result in TASKS:
        entry = next(t for t in catalogue.load().direction(key).tasks if t.key == catalogue_key)
        financing = {}
        for year, (local, other) in money.items():
            financing[(year, "local")], financing[(year, "other")] = D(local), D(other)
            totals[year][0] += D(local)
            totals[year][1] += D(other)
        svc.save_task(Task(programme=programme, direction=directions[key], catalogue_key=catalogue_key,
                           name=name or entry.name[:1].upper() + entry.name[1:], project=project,
                           start_date=start, end_date=end, expected_result=result),
                      actor=actor, hromada=hromada, departments=[units[u] for u in unit_names], financing=financing)
    for name, unit, baseline, baseline_year, targets, metric_key, source in INDICATORS:
        svc.save_indicator(Indicator(programme=programme, name=name, unit=unit, baseline_value=D(baseline),
                                     baseline_year=baseline_year, metric_key=metric_key, data_source=source),
                           actor=actor, hromada=hromada, targets={y: D(t) for y, t in targets.items()})
    svc.update_passport(
        programme, actor=actor, hromada=hromada,
        fields={"decree_title": "Про розроблення проєкту Програми інформатизації Могилівської сільської "
                                "територіальної громади на 2026–2028 роки",
                "decree_date": date(2025, 9, 15), "decree_number": "112-р", "gsc_approval_date": date(2025, 11, 28),
                "goal": "Цифрова трансформація управління громадою, цифровізація публічних послуг і розбудова "
                        "інфраструктури інформатизації для мешканців усіх 12 населених пунктів громади",
                "developer": units["ЗВ"],
                "head_position": "Заступник сільського голови з питань діяльності виконавчих органів",
                "head_name": "Тетяна Смірнова",
                "responsible_other": "Комунальні заклади освіти, культури та охорони здоров'я громади"},
        departments=list(units.values()),
        institutions=list(Institution.objects.filter(hromada=hromada, kind="school")),
        financing={year: (local + other, local, other) for year, (local, other) in totals.items()},
    )
    programme = svc.transition(programme, actor=actor, hromada=hromada, to="review")
    programme = svc.transition(programme, actor=actor, hromada=hromada, to="approved",
                               decision="Рішення сесії Могилівської сільської ради № 45-3/VIII",
                               decided_on=date(2025, 12, 19))
    programme = svc.transition(programme, actor=actor, hromada=hromada, to="execution")
    today = timezone.localdate()
    for quarter, submissions in QUARTERS.items():
        period = monitoring.open_period(programme, actor=actor, hromada=hromada, kind="quarter", year=2026,
                                        quarter=quarter)
        for unit_name, submitted_on in submissions:
            unit_report = period.reports.filter(department=units[unit_name]).first()
            if unit_report is None or submitted_on > today:
                continue
            tasks = monitoring.report_tasks(unit_report)
            monitoring.save_unit_report(unit_report, actor=actor, hromada=hromada,
                                        summary="Звіт про хід виконання завдань за квартал",
                                        progress={t.pk: _progress(t, quarter) for t in tasks}, submit=True)
            # The demo replays history: the report was submitted on that day, at noon Kyiv time.
            noon = timezone.make_aware(datetime.combine(submitted_on, time(12)))
            UnitReport.objects.filter(pk=unit_report.pk).update(submitted_at=noon)
        if today > period.period_end:
            monitoring.take_snapshots(period, actor=actor, hromada=hromada, today=today)
    report.count("programmes", True)


def seed(report) -> None:
    mohyliv = Hromada.objects.filter(katottg=MOHYLIV).first()
    manager = User.objects.filter(email="programme@mohyliv.example").first()
    if mohyliv is not None and manager is not None:
        _mohyliv_programme(mohyliv, manager, report)
        _strategy_and_plan(mohyliv, Hromada.objects.filter(katottg=SLOBOZHANSKA).first(), report)


def _strategy_and_plan(mohyliv: Hromada, slobozhanska: Hromada | None, report) -> None:
    from hromada.programmes import demo_strategy

    strategy_file = DATA / "mohyliv_strategy_2021_2025.json"
    if demo_strategy.seed_strategy(mohyliv, strategy_file):
        report.count("IT strategies", True)
    demo_strategy.seed_self_audit(mohyliv, strategy_file)
    if slobozhanska is not None and demo_strategy.seed_action_plan(
            slobozhanska, DATA / "slobozhanska_action_plan_2024_2025.json"):
        report.count("action plans", True)
