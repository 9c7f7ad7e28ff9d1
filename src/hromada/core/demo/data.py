"""Demo hromadas, drawn from the seed documents (seeds 002 and 003) and the KATOTTG codifier.

Sources:
- Mohyliv: IT strategy 2021–2025 (seed 002): settlements and populations as of 01.01.2021, area
  27 104,39 ha, leadership, units of the executive committee, starosta of the Tsybulkivka district.
- Slobozhanska: e-government action plan 2024–2025 (seed 003): head, secretary, departments.
  Area 282,2 km² and settlement populations (2020 estimates) from public references
  (cities4cities.eu; en.wikipedia.org «Slobozhanske settlement hromada»).
- KATOTTG codes: codifier edition of 16.05.2025 (Minregion order No. 290 of 26.11.2020 with amendments).
Institution ЄДРПОУ codes are demo values with valid check digits, not real registrations.
"""

from datetime import date

MOHYLIV = {
    "name": "Могилівська сільська територіальна громада",
    "short_name": "Могилівська громада",
    "council_name": "Могилівська сільська рада",
    "kind": "silska",
    "katottg": "UA12020110000034205",
    "oblast": "Дніпропетровська",
    "raion": "Дніпровський",
    "area_ha": "27104.39",
    "population": 6070,
    "population_date": date(2021, 1, 1),
    "admin_centre": "Могилів",
    "description": (
        "Громада розташована вздовж лівого берега річки Оріль, за 70 км від обласного центру. "
        "До її складу входять 12 населених пунктів; адміністративний центр — село Могилів."
    ),
    "hosts": ["mohyliv.localhost"],
    "is_default": True,
    "districts": [
        # Seed 002: "Старости – 2"; the Tsybulkivka district and its villages are named there.
        {"name": "Цибульківський старостинський округ", "centre": "Цибульківка", "starosta_name": "Марина Сало",
         "settlements": ["Цибульківка", "Єгорине", "Зубківка", "Новоселівка", "Плавещина", "Салівка",
                         "Катеринівка", "Молодіжне"]},
        {"name": "Новопідкряжський старостинський округ", "centre": "Новопідкряж", "starosta_name": "",
         "settlements": ["Новопідкряж"]},
    ],
    "settlements": [
        ("Могилів", "selo", "UA12020110010079539", 3362, "3023.165"),
        ("Новопідкряж", "selo", "UA12020110050039493", 891, "638.2178"),
        ("Молодіжне", "selyshche", "UA12020110120091611", 594, "66.521"),
        ("Цибульківка", "selo", "UA12020110110015342", 391, "117.97"),
        ("Проточі", "selo", "UA12020110080068889", 204, "264.0"),
        ("Єгорине", "selo", "UA12020110020024948", 137, "156.41"),
        ("Супина", "selo", "UA12020110100075877", 128, "75.8269"),
        ("Салівка", "selo", "UA12020110090091330", 127, "75.06"),
        ("Плавещина", "selo", "UA12020110070069900", 114, "76.65"),
        ("Катеринівка", "selo", "UA12020110040055113", 50, "43.90"),
        ("Зубківка", "selo", "UA12020110030040301", 41, "69.0"),
        ("Новоселівка", "selo", "UA12020110060063839", 31, "26.80"),
    ],
    "settlement_population_date": date(2021, 1, 1),
    "officials": [
        ("Сільський голова", "Валерій Дружко"),
        ("Заступник сільського голови з питань діяльності виконавчих органів", "Тетяна Смірнова"),
        ("Заступник голови з питань земельних ресурсів, екології, економічного розвитку та зв'язку з громадськістю",
         "Ірина Барабаш"),
        ("Секретар сільської ради", "Валентина Невтриніс"),
        ("Староста Цибульківського старостинського округу", "Марина Сало"),
    ],
    "departments": [
        ("Загальний відділ", "ЗВ"),
        ("Фінансовий відділ", "ФВ"),
        ("Відділ освіти, культури, молоді та спорту", "ВОКМС"),
        ("Відділ «Центр надання адміністративних послуг»", "ЦНАП"),
        ("Відділ земельних ресурсів та екології", "ВЗРЕ"),
        ("Служба у справах дітей", "ССД"),
    ],
    "institutions": [
        ("Могилівська загальноосвітня школа І–ІІІ ступенів", "school", "Могилів"),
        ("Новопідкряжська загальноосвітня школа І–ІІІ ступенів", "school", "Новопідкряж"),
        ("Цибульківська загальноосвітня школа І–ІІ ступенів", "school", "Цибульківка"),
        ("Молодіжненська загальноосвітня школа І–ІІ ступенів", "school", "Молодіжне"),
        ("Могилівський заклад дошкільної освіти", "kindergarten", "Могилів"),
        ("Могилівська амбулаторія загальної практики — сімейної медицини", "health", "Могилів"),
        ("Могилівський будинок культури", "culture", "Могилів"),
        ("Територіальний центр соціального обслуговування", "social", "Могилів"),
    ],
}

SLOBOZHANSKA = {
    "name": "Слобожанська селищна територіальна громада",
    "short_name": "Слобожанська громада",
    "council_name": "Слобожанська селищна рада",
    "kind": "selyshchna",
    "katottg": "UA12020250000010438",
    "oblast": "Дніпропетровська",
    "raion": "Дніпровський",
    "area_ha": "28220.00",
    "population": 23191,
    "population_date": date(2020, 1, 1),
    "admin_centre": "Слобожанське",
    "description": (
        "Селищна громада Дніпровського району з адміністративним центром у селищі Слобожанське; "
        "план дій з розвитку електронного урядування на 2024–2025 роки затверджено рішенням виконкому № 154."
    ),
    "hosts": ["slobozhanska.localhost"],
    "is_default": False,
    "districts": [],
    "settlements": [
        ("Слобожанське", "selyshche", "UA12020250010046556", 13747, None),
        ("Олександрівка", "selo", "UA12020250040089817", 2755, None),
        ("Балівка", "selo", "UA12020250020023942", 2681, None),
        ("Орільське", "selo", "UA12020250050057051", 2389, None),
        ("Степове", "selo", "UA12020250060077301", 1385, None),
        ("Василівка", "selo", "UA12020250030097498", 234, None),
    ],
    "settlement_population_date": date(2020, 1, 1),
    "officials": [
        ("Селищний голова", "Іван Камінський"),
        ("Секретар селищної ради (виконкому)", "Людмила Лагода"),
    ],
    "departments": [
        ("Відділ інформаційних технологій та електронного урядування", "ВІТЕУ"),
        ("Відділ загально-організаційного забезпечення", "ВЗОЗ"),
        ("Відділ культури", "ВК"),
        ("Відділ «Центр надання адміністративних послуг»", "ЦНАП"),
    ],
    "institutions": [
        ("Слобожанський ліцей", "school", "Слобожанське"),
        ("Слобожанський заклад дошкільної освіти", "kindergarten", "Слобожанське"),
        ("Слобожанський центр культури", "culture", "Слобожанське"),
    ],
}

HROMADAS = [MOHYLIV, SLOBOZHANSKA]

# Demo accounts: (hromada katottg or None for the operator, login, full name, role, department short name).
ACCOUNTS = [
    (None, "operator@hromada.example", "Оператор інсталяції", None, None),
    ("UA12020110000034205", "admin@mohyliv.example", "Адміністратор Могилівської громади", "hromada_admin", None),
    ("UA12020110000034205", "programme@mohyliv.example", "Менеджер програми інформатизації", "programme_manager", None),
    ("UA12020110000034205", "secretary@mohyliv.example", "Валентина Невтриніс", "council_secretary", None),
    ("UA12020110000034205", "cnap@mohyliv.example", "Адміністратор ЦНАП", "cnap_admin", "ЦНАП"),
    ("UA12020110000034205", "head@mohyliv.example", "Начальник фінансового відділу", "department_head", "ФВ"),
    ("UA12020110000034205", "clerk@mohyliv.example", "Діловод загального відділу", "clerk", "ЗВ"),
    ("UA12020110000034205", "+380500000001", "Мешканець Могилева", "resident", None),
    # Appeals, the hotline and information requests (appeals.demo): the registrar of the general department
    # keeps the case registry, the operator takes hotline calls, the units that handle most cases have a head
    # who signs answers and a specialist who drafts them.
    ("UA12020110000034205", "registrar@mohyliv.example", "Реєстратор звернень загального відділу", "case_registrar",
     "ЗВ"),
    ("UA12020110000034205", "hotline@mohyliv.example", "Оператор гарячої лінії", "hotline_operator", None),
    ("UA12020110000034205", "head.general@mohyliv.example", "Начальник загального відділу", "department_head",
     "ЗВ"),
    ("UA12020110000034205", "head.land@mohyliv.example", "Начальник відділу земельних ресурсів та екології",
     "department_head", "ВЗРЕ"),
    ("UA12020110000034205", "clerk.land@mohyliv.example", "Спеціаліст відділу земельних ресурсів та екології",
     "clerk", "ВЗРЕ"),
    ("UA12020110000034205", "clerk.cnap@mohyliv.example", "Адміністратор ЦНАП (соціальні питання)", "clerk",
     "ЦНАП"),
    # A reader at the clinic, which the demo registers grant read access to part of the residents register.
    ("UA12020110000034205", "clinic@mohyliv.example", "Реєстратор амбулаторії", "agency", None),
    ("UA12020250000010438", "admin@slobozhanska.example", "Адміністратор Слобожанської громади", "hromada_admin",
     None),
    ("UA12020250000010438", "clerk@slobozhanska.example", "Фахівець відділу ІТ", "clerk", "ВІТЕУ"),
    # The secretary named in seed 003 keeps the registry of acts.
    ("UA12020250000010438", "secretary@slobozhanska.example", "Людмила Лагода", "council_secretary", None),
]

# Public contacts of the demo councils (portal.Contacts), by KATOTTG. The seeds give no postal address, phone,
# e-mail or hours: every value marked DEMO below is a placeholder, not the council's real contact. The names of
# the councils and heads come from seeds 002 and 003.
_WEEKDAY_HOURS = {"open": "08:00", "close": "17:00", "break_start": "12:00", "break_end": "13:00"}
_FRIDAY_HOURS = {"open": "08:00", "close": "15:45", "break_start": "12:00", "break_end": "12:45"}
CONTACTS = {
    MOHYLIV["katottg"]: {
        "official_name": "Могилівська сільська рада Дніпровського району Дніпропетровської області",
        "postal_address": "вул. Центральна, 1 (DEMO), с. Могилів, Дніпровський р-н, Дніпропетровська обл., 00000",
        "phones": [{"label": "Приймальня (DEMO)", "number": "+380560000001"},
                   {"label": "Загальний відділ (DEMO)", "number": "+380560000002"}],
        "email": "rada@mohyliv.example",  # DEMO
        "hours": {"1": _WEEKDAY_HOURS, "2": _WEEKDAY_HOURS, "3": _WEEKDAY_HOURS, "4": _WEEKDAY_HOURS,
                  "5": _FRIDAY_HOURS},  # DEMO
        "head_reception": "Сільський голова Валерій Дружко приймає громадян щовівторка з 9:00 до 12:00 "
                          "(DEMO: день і години умовні).",
        "cnap_address": "вул. Центральна, 1 (DEMO), с. Могилів",
        "cnap_hours": {"1": _WEEKDAY_HOURS, "2": _WEEKDAY_HOURS,
                       "3": {"open": "08:00", "close": "20:00", "break_start": "", "break_end": ""},
                       "4": _WEEKDAY_HOURS, "5": _FRIDAY_HOURS},  # DEMO
        "feedback_email": "",
    },
    SLOBOZHANSKA["katottg"]: {
        "official_name": "Слобожанська селищна рада",
        "postal_address": "вул. Центральна, 1 (DEMO), смт Слобожанське, Дніпровський р-н, "
                          "Дніпропетровська обл., 00000",
        "phones": [{"label": "Приймальня (DEMO)", "number": "+380560000101"}],
        "email": "rada@slobozhanska.example",  # DEMO
        "hours": {"1": _WEEKDAY_HOURS, "2": _WEEKDAY_HOURS, "3": _WEEKDAY_HOURS, "4": _WEEKDAY_HOURS,
                  "5": _FRIDAY_HOURS},  # DEMO
        "head_reception": "Селищний голова Іван Камінський приймає громадян щочетверга з 10:00 до 13:00 "
                          "(DEMO: день і години умовні).",
        "cnap_address": "",
        "cnap_hours": {},
        # Seed 003 names the IT and e-government department: site feedback goes to its (demo) mailbox.
        "feedback_email": "it@slobozhanska.example",  # DEMO
    },
}
