"""Demo acts of local self-government for the two demo hromadas, and a fast generator of synthetic acts.

`corpus(hromada)` returns 200–300 acts of 2021–2026 for "mohyliv" or "slobozhanska" in the import format
(one dict per JSON Lines record, targets of relations first): chains drawn from the seed documents (seed 003:
the e-government action plan № 154, the programme «Цифрова громада» № 2311-25/VIII and the website regulation
№ 2597-28/VIII; seed 002: Mohyliv's IT strategy and street lighting plan), budgets with their amendments and
reports, programmes with the acts implementing them, rules repealed by new rules, a suspended executive
decision, session protocols and agendas, drafts, and acts drawn from template families (land, property,
personnel, social, roads, utilities, education, organisation).

`generate(count, seed)` draws acts from the same families, without relations, fast enough for a 100 000-act
search benchmark.

Pure Python and deterministic (stdlib only, `random.Random(seed)`). Residents, staff and companies are
fictional; the officials are those named in the seed documents (hromada.core.demo.data), and units are named
exactly as the demo's departments so that the importer resolves them.
"""

from __future__ import annotations

import random
from bisect import bisect
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from itertools import accumulate
from typing import NamedTuple

from hromada.core.demo.data import MOHYLIV, SLOBOZHANSKA

TYPES = ("council_decision", "executive_decision", "head_order", "regulatory_act", "protocol", "agenda",
         "draft_decision")
STATUSES = ("draft", "adopted", "in_force", "amended", "suspended", "repealed")
RELATION_KINDS = ("amends", "repeals", "suspends", "implements", "related")
# The status an act takes when a later act points at it; the strongest incoming relation wins.
STATUS_BY_RELATION = {"repeals": "repealed", "suspends": "suspended", "amends": "amended"}
CONVOCATION = 8
FIRST_DAY = date(2021, 1, 1)
LAST_DAY = date(2026, 11, 20)  # the demo's "today" is late November 2026: later acts exist only as drafts

class Dice(random.Random):
    """`random.Random` whose randint, randrange and choice scale one `random()` float instead of drawing bits in
    Python: several times faster (the generator makes a dozen draws per act), uniform enough for demo text."""

    def randrange(self, start: int, stop: int | None = None, step: int = 1) -> int:
        if stop is None:
            start, stop = 0, start
        return start + step * int(self.random() * ((stop - start + step - 1) // step))

    def randint(self, a: int, b: int) -> int:
        return a + int(self.random() * (b - a + 1))

    def choice(self, seq):
        return seq[int(self.random() * len(seq))]


# --- dates and amounts ---------------------------------------------------------------------------------------

MONTHS_GEN = ("січня", "лютого", "березня", "квітня", "травня", "червня", "липня", "серпня", "вересня", "жовтня",
              "листопада", "грудня")
MONTHS_NOM = ("січень", "лютий", "березень", "квітень", "травень", "червень", "липень", "серпень", "вересень",
              "жовтень", "листопад", "грудень")
MONTHS_LOC = ("січні", "лютому", "березні", "квітні", "травні", "червні", "липні", "серпні", "вересні", "жовтні",
              "листопаді", "грудні")


def dmy(day: date) -> str:
    return f"{day.day:02d}.{day.month:02d}.{day.year}"


def long_date(day: date) -> str:
    return f"{day.day} {MONTHS_GEN[day.month - 1]} {day.year} року"


def workday(day: date, step: int = 1) -> date:
    """The day itself if it is a weekday, else the nearest weekday in the direction of `step`."""
    while day.weekday() >= 5:
        day += timedelta(days=step)
    return day


def month_end(year: int, month: int) -> date:
    return date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)


def last_weekday(year: int, month: int, weekday: int) -> date:
    day = month_end(year, month)
    return day - timedelta(days=(day.weekday() - weekday) % 7)


def exec_meeting_day(year: int, month: int) -> date:
    """Executive committees of both demo hromadas meet on the last Thursday (№ 154 was on Thu 28.03.2024)."""
    return last_weekday(year, month, 3)


@cache
def _summer_time(year: int) -> tuple[date, date]:
    return last_weekday(year, 3, 6), last_weekday(year, 10, 6)


def kyiv_offset(day: date) -> str:
    """Kyiv time: UTC+3 from the last Sunday of March to the last Sunday of October, else UTC+2."""
    start, end = _summer_time(day.year)
    return "+03:00" if start <= day < end else "+02:00"


def timestamp(day: date, hour: int, minute: int) -> str:
    return f"{day.isoformat()}T{hour:02d}:{minute:02d}:00{kyiv_offset(day)}"


def money(value: float) -> str:
    """Hryvnias as printed in decisions: «1 234 567,80»."""
    cents = round(value * 100)
    return f"{cents // 100:,}".replace(",", " ") + f",{cents % 100:02d}"


def hectares(value: float) -> str:
    return f"{value:.4f}".replace(".", ",")


def decimal(value: float, places: int = 1) -> str:
    return f"{value:.{places}f}".replace(".", ",")


def thousands(value: float) -> str:
    """Thousands of hryvnias with one decimal, as in programme passports: «1 250,5»."""
    return f"{value:,.1f}".replace(",", " ").replace(".", ",")


# --- people --------------------------------------------------------------------------------------------------

# Fictional residents and staff: the surnames and names of the registers demo, minus the officials' surnames.
SURNAMES = [("Шевченко", "Шевченко"), ("Коваленко", "Коваленко"), ("Бондаренко", "Бондаренко"),
            ("Ткаченко", "Ткаченко"), ("Кравченко", "Кравченко"), ("Олійник", "Олійник"), ("Мельник", "Мельник"),
            ("Бойко", "Бойко"), ("Коваль", "Коваль"), ("Савченко", "Савченко"), ("Лисенко", "Лисенко"),
            ("Руденко", "Руденко"), ("Петренко", "Петренко"), ("Марченко", "Марченко"), ("Мороз", "Мороз"),
            ("Павленко", "Павленко"), ("Гончаренко", "Гончаренко"), ("Ковальчук", "Ковальчук"),
            ("Поліщук", "Поліщук"), ("Дячук", "Дячук"), ("Кузьменко", "Кузьменко"), ("Гребенюк", "Гребенюк"),
            ("Приходько", "Приходько"), ("Левченко", "Левченко"), ("Сидоренко", "Сидоренко"),
            ("Зінченко", "Зінченко"), ("Білоус", "Білоус"), ("Гнатюк", "Гнатюк"), ("Костенко", "Костенко"),
            ("Прокопенко", "Прокопенко"), ("Ярмоленко", "Ярмоленко"), ("Соловйов", "Соловйова"),
            ("Ковалевський", "Ковалевська"), ("Задорожний", "Задорожна"), ("Гуменний", "Гуменна"),
            ("Ільченко", "Ільченко"), ("Ґудзь", "Ґудзь")]
MALE = ["Олександр", "Іван", "Микола", "Сергій", "Андрій", "Володимир", "Василь", "Петро", "Юрій", "Дмитро",
        "Олег", "Віталій", "Богдан", "Тарас", "Максим", "Євген", "Михайло", "Степан", "Григорій", "Ігор"]
FEMALE = ["Олена", "Наталія", "Тетяна", "Ірина", "Марія", "Ганна", "Оксана", "Світлана", "Людмила", "Валентина",
          "Юлія", "Катерина", "Галина", "Надія", "Віра", "Любов", "Анастасія", "Софія", "Вікторія", "Ольга"]
PATRONYMICS = [("Олександрович", "Олександрівна"), ("Іванович", "Іванівна"), ("Миколайович", "Миколаївна"),
               ("Сергійович", "Сергіївна"), ("Андрійович", "Андріївна"), ("Володимирович", "Володимирівна"),
               ("Васильович", "Василівна"), ("Петрович", "Петрівна"), ("Юрійович", "Юріївна"),
               ("Дмитрович", "Дмитрівна"), ("Олегович", "Олегівна"), ("Михайлович", "Михайлівна"),
               ("Степанович", "Степанівна"), ("Григорович", "Григорівна"), ("Ігорович", "Ігорівна")]


def _surname_cases(surname: str, female: bool) -> tuple[str, str, str]:
    """(genitive, dative, accusative) of the surnames above."""
    if female:
        if surname.endswith("а"):  # adjectival: Ковалевська, Задорожна, Соловйова
            stem = surname[:-1]
            return stem + "ої", stem + "ій", stem + "у"
        return surname, surname, surname  # Коваленко, Ковальчук: not declined for women
    if surname.endswith("ий"):
        stem = surname[:-2]
        return stem + "ого", stem + "ому", stem + "ого"
    if surname.endswith(("о", "ь")):
        stem = surname[:-1]
        soft = surname.endswith("ь")
        return stem + ("я" if soft else "а"), stem + ("ю" if soft else "у"), stem + ("я" if soft else "а")
    return surname + "а", surname + "у", surname + "а"


def _name_cases(name: str, female: bool) -> tuple[str, str, str]:
    special = {"Ольга": ("Ольги", "Ользі", "Ольгу"), "Любов": ("Любові", "Любові", "Любов"),
               "Ігор": ("Ігоря", "Ігорю", "Ігоря")}
    if name in special:
        return special[name]
    if name.endswith("ія"):
        stem = name[:-1]
        return stem + "ї", stem + "ї", stem + "ю"
    if name.endswith("а"):
        stem = name[:-1]
        return stem + "и", stem + "і", stem + "у"
    if name.endswith(("ій", "ь")):
        stem = name[:-1]
        return stem + "я", stem + "ю", stem + "я"
    if name.endswith("о"):
        stem = name[:-1]
        return stem + "а", stem + "у", stem + "а"
    return name + "а", name + "у", name + "а"


def _patronymic_cases(patronymic: str, female: bool) -> tuple[str, str, str]:
    if female:
        stem = patronymic[:-1]
        return stem + "и", stem + "і", stem + "у"
    return patronymic + "а", patronymic + "у", patronymic + "а"


class Person(NamedTuple):
    nom: str
    gen: str
    dat: str
    acc: str
    initials: str  # «Коваленко О.І.»
    female: bool

    @property
    def citizen_gen(self) -> str:
        return "громадянки" if self.female else "громадянина"

    @property
    def citizen_dat(self) -> str:
        return "громадянці" if self.female else "громадянину"

    @property
    def citizen_acc(self) -> str:
        return "громадянку" if self.female else "громадянина"

    @property
    def registered(self) -> str:
        return "яка зареєстрована" if self.female else "який зареєстрований"


@cache
def _person_of(surname: int, name: int, patronymic: int, female: bool) -> Person:
    s = SURNAMES[surname][female]
    n = (FEMALE if female else MALE)[name]
    p = PATRONYMICS[patronymic][female]
    cases = [_surname_cases(s, female), _name_cases(n, female), _patronymic_cases(p, female)]
    gen, dat, acc = (" ".join(parts) for parts in zip(*cases, strict=True))
    return Person(f"{s} {n} {p}", gen, dat, acc, f"{s} {n[0]}.{p[0]}.", female)


PEOPLE = len(SURNAMES) * 20 * len(PATRONYMICS) * 2


def person(rng: random.Random) -> Person:
    """A random fictional person: one draw over every combination (the generator calls this very often)."""
    index = rng.randrange(PEOPLE)
    index, female = divmod(index, 2)
    index, patronymic = divmod(index, len(PATRONYMICS))
    surname, name = divmod(index, 20)
    return _person_of(surname, name, patronymic, bool(female))


def child_initials(rng: random.Random) -> str:
    """Children are named by initials only, as published decisions of guardianship bodies do."""
    return f"{rng.choice('АБВГДЄЗІКЛМНОПРСТЮЯ')}.{rng.choice('ВІМОСДАЮ')}.{rng.choice('КМШБЛПРСГТ')}."


# --- the demo hromadas ---------------------------------------------------------------------------------------

# hromada.registers.demo.STREET_NAMES: each settlement gets a prefix of this list (see `_demo_streets`).
STREET_NAMES = ["Шевченка", "Центральна", "Миру", "Садова", "Шкільна", "Молодіжна", "Польова", "Незалежності",
                "Героїв України", "Лесі Українки", "Івана Франка", "Набережна", "Зелена", "Весняна", "Соборна",
                "Козацька", "Вишнева", "Лугова", "Степова", "Дніпровська"]

DEPARTMENT_CASES = {  # demo department name → (genitive, accusative, dative) as written inside a sentence
    "Загальний відділ": ("загального відділу", "загальний відділ", "загальному відділу"),
    "Фінансовий відділ": ("фінансового відділу", "фінансовий відділ", "фінансовому відділу"),
    "Відділ освіти, культури, молоді та спорту": ("відділу освіти, культури, молоді та спорту",
                                                  "відділ освіти, культури, молоді та спорту",
                                                  "відділу освіти, культури, молоді та спорту"),
    "Відділ «Центр надання адміністративних послуг»": ("відділу «Центр надання адміністративних послуг»",
                                                       "відділ «Центр надання адміністративних послуг»",
                                                       "відділу «Центр надання адміністративних послуг»"),
    "Відділ земельних ресурсів та екології": ("відділу земельних ресурсів та екології",
                                              "відділ земельних ресурсів та екології",
                                              "відділу земельних ресурсів та екології"),
    "Служба у справах дітей": ("служби у справах дітей", "службу у справах дітей", "службі у справах дітей"),
    "Відділ інформаційних технологій та електронного урядування": (
        "відділу інформаційних технологій та електронного урядування",
        "відділ інформаційних технологій та електронного урядування",
        "відділу інформаційних технологій та електронного урядування"),
    "Відділ загально-організаційного забезпечення": ("відділу загально-організаційного забезпечення",
                                                     "відділ загально-організаційного забезпечення",
                                                     "відділу загально-організаційного забезпечення"),
    "Відділ культури": ("відділу культури", "відділ культури", "відділу культури"),
}
INSTITUTION_GEN = {  # demo institution name → genitive
    "Могилівська загальноосвітня школа І–ІІІ ступенів": "Могилівської загальноосвітньої школи І–ІІІ ступенів",
    "Новопідкряжська загальноосвітня школа І–ІІІ ступенів":
        "Новопідкряжської загальноосвітньої школи І–ІІІ ступенів",
    "Цибульківська загальноосвітня школа І–ІІ ступенів": "Цибульківської загальноосвітньої школи І–ІІ ступенів",
    "Молодіжненська загальноосвітня школа І–ІІ ступенів": "Молодіжненської загальноосвітньої школи І–ІІ ступенів",
    "Могилівський заклад дошкільної освіти": "Могилівського закладу дошкільної освіти",
    "Могилівська амбулаторія загальної практики — сімейної медицини":
        "Могилівської амбулаторії загальної практики — сімейної медицини",
    "Могилівський будинок культури": "Могилівського будинку культури",
    "Територіальний центр соціального обслуговування": "Територіального центру соціального обслуговування",
    "Слобожанський ліцей": "Слобожанського ліцею",
    "Слобожанський заклад дошкільної освіти": "Слобожанського закладу дошкільної освіти",
    "Слобожанський центр культури": "Слобожанського центру культури",
}

TOPICS = {
    "land": "Земельні відносини", "budget": "Бюджет і фінанси", "taxes": "Місцеві податки і збори",
    "property": "Комунальне майно", "personnel": "Кадрові питання", "social": "Соціальний захист",
    "veterans": "Підтримка ветеранів і захисників", "idp": "Внутрішньо переміщені особи",
    "children": "Захист прав дітей", "education": "Освіта", "culture": "Культура, молодь і спорт",
    "roads": "Дороги і транспорт", "utilities": "Житлово-комунальне господарство", "improvement": "Благоустрій",
    "digital": "Цифровізація", "services": "Адміністративні послуги", "org": "Організаційні питання",
    "defence": "Оборона і цивільний захист", "regulatory": "Регуляторна діяльність",
}
COMMISSIONS = {
    "budget": "з питань планування фінансів, бюджету та соціально-економічного розвитку",
    "land": "з питань земельних відносин, природокористування, планування території, будівництва та архітектури",
    "property": "з питань комунальної власності, житлово-комунального господарства, енергозбереження та транспорту",
    "humanitarian": "з питань освіти, культури, молоді, фізичної культури і спорту, охорони здоров'я та "
                    "соціального захисту населення",
    "legal": "з питань прав людини, законності, депутатської діяльності, етики та регламенту",
}
TOPIC_COMMISSION = {
    "land": "land", "budget": "budget", "taxes": "budget", "regulatory": "budget", "property": "property",
    "roads": "property", "utilities": "property", "improvement": "property", "social": "humanitarian",
    "veterans": "humanitarian", "idp": "humanitarian", "children": "humanitarian", "education": "humanitarian",
    "culture": "humanitarian", "digital": "budget", "services": "legal", "org": "legal", "personnel": "legal",
    "defence": "budget",
}


@dataclass(eq=False)
class Council:
    """What acts of one demo hromada need: names in their cases, officials, units and the session calendar."""

    key: str
    spec: dict
    adj: str  # «сільськ» / «селищн»: the council's kind, declined by endings
    root: str  # «Могилівськ» / «Слобожанськ»
    head: str  # the head's signature
    secretary_sign: str
    secretary_acc: str
    deputy_acc: str  # the deputy head for the executive bodies, as the object of «покласти на»
    land_deputy_acc: str
    units: dict[str, str]  # topic → demo department name
    session_dates: str  # ISO dates of the sessions of convocation VIII, from `first_session` on
    first_session: int
    per_session: int  # numbers a session's decisions use up (Slobozhanska: № 2311 at the 25th session)
    per_meeting: int  # numbers an executive committee meeting uses up (№ 154 at the March 2024 meeting)
    order_rates: tuple[float, float]  # orders per day of the year: (основна діяльність, кадрові)
    deputies: int
    revenue_2022: float
    enterprise: str  # the communal utility company (fictional)
    court: str
    office: str
    sessions: dict[int, date] = field(init=False)
    streets: dict[str, list[str]] = field(init=False)

    def __post_init__(self) -> None:
        days = [date.fromisoformat(text) for text in self.session_dates.split()]
        self.sessions = {self.first_session + index: day for index, day in enumerate(days)}
        self.streets = _demo_streets(self)
        departments = {name for name, _short in self.spec["departments"]}
        assert set(self.units.values()) <= departments, "units must be the demo's department names"
        # Names in their cases, built from the root and the kind («Могилівської сільської ради»); computed once
        # because the generator writes them hundreds of thousands of times.
        adj, root = self.adj, self.root
        self.name_gen = f"{root}ої {adj}ої ради"
        self.short_nom = f"{adj}а рада"
        self.short_gen = f"{adj}ої ради"
        self.head_title = f"{adj.capitalize()}ий голова"
        self.head_gen = f"{adj}ого голови"
        self.head_dat = f"{adj}ому голові"
        self.hromada_gen = f"{root}ої {adj}ої територіальної громади"
        self.budget_gen = f"бюджету {self.hromada_gen}"
        self.head_sign = f"{self.head_title} {self.head}"
        self.centre = self.spec["admin_centre"]
        self.settlement_names = [row[0] for row in self.spec["settlements"]]
        self.institutions = [row[0] for row in self.spec["institutions"]]
        self.labels = {name: ("с-ще " if kind == "selyshche" else "с. ") + name
                       for name, kind, *_rest in self.spec["settlements"]}
        # Places drawn in proportion to population (one entry per 100 people), as residents are.
        self.places = [name for name, _kind, _code, population, _area in self.spec["settlements"]
                       for _ in range(max(1, (population or 0) // 100))]
        self.street_places = [name for name in self.places if name in self.streets]

    def label(self, settlement: str) -> str:
        return self.labels[settlement]

    def unit(self, topic: str) -> str:
        return self.units.get(topic, self.units["org"])

    def unit_dat(self, topic: str) -> str:
        """The unit for a topic as the addressee of an instruction: «Фінансовому відділу забезпечити …»."""
        return cap(DEPARTMENT_CASES[self.unit(topic)][2])


def _demo_streets(c: Council) -> dict[str, list[str]]:
    """The streets the registers demo creates: Mohyliv's settlements get max(1, min(20, houses // 40 + 1)) of
    STREET_NAMES (houses = population // 3), Slobozhanska only the first five in its centre."""
    if c.key == "slobozhanska":
        return {c.spec["admin_centre"]: STREET_NAMES[:5]}
    streets = {}
    for name, _kind, _code, population, _area in c.spec["settlements"]:
        houses = max(1, (population or 0) // 3)
        streets[name] = STREET_NAMES[:max(1, min(len(STREET_NAMES), houses // 40 + 1))]
    return streets


MOHYLIV_COUNCIL = Council(
    key="mohyliv", spec=MOHYLIV, adj="сільськ", root="Могилівськ", head="Валерій ДРУЖКО",
    secretary_sign="Секретар сільської ради Валентина НЕВТРИНІС",
    secretary_acc="секретаря сільської ради Валентину Невтриніс",
    deputy_acc="заступника сільського голови з питань діяльності виконавчих органів Тетяну Смірнову",
    land_deputy_acc="заступника сільського голови з питань земельних ресурсів, екології, економічного розвитку "
                    "та зв'язку з громадськістю Ірину Барабаш",
    units={"land": "Відділ земельних ресурсів та екології", "budget": "Фінансовий відділ",
           "taxes": "Фінансовий відділ", "property": "Фінансовий відділ", "personnel": "Загальний відділ",
           "social": "Загальний відділ", "veterans": "Загальний відділ", "idp": "Загальний відділ",
           "children": "Служба у справах дітей", "education": "Відділ освіти, культури, молоді та спорту",
           "culture": "Відділ освіти, культури, молоді та спорту",
           "roads": "Відділ земельних ресурсів та екології", "utilities": "Відділ земельних ресурсів та екології",
           "improvement": "Відділ земельних ресурсів та екології", "digital": "Загальний відділ",
           "services": "Відділ «Центр надання адміністративних послуг»", "org": "Загальний відділ",
           "defence": "Загальний відділ", "regulatory": "Фінансовий відділ"},
    session_dates="""
        2021-01-26 2021-02-23 2021-03-30 2021-04-27 2021-05-25 2021-06-29 2021-07-27 2021-08-24 2021-09-28
        2021-10-26 2021-11-23 2021-12-21 2022-01-25 2022-02-22 2022-04-26 2022-06-28 2022-08-23 2022-10-25
        2022-12-20 2023-01-31 2023-02-28 2023-03-28 2023-04-25 2023-05-30 2023-06-27 2023-07-25 2023-08-29
        2023-09-26 2023-10-31 2023-11-28 2023-12-19 2024-01-30 2024-02-27 2024-03-26 2024-04-30 2024-05-28
        2024-06-25 2024-07-30 2024-08-27 2024-09-24 2024-10-29 2024-11-26 2024-12-17 2025-01-28 2025-02-25
        2025-03-25 2025-04-29 2025-05-27 2025-06-24 2025-07-29 2025-08-26 2025-09-30 2025-10-28 2025-11-25
        2025-12-23 2026-01-27 2026-02-24 2026-03-31 2026-04-28 2026-05-26 2026-06-30 2026-07-28 2026-08-25
        2026-09-29 2026-10-27 2026-11-17 2026-12-22""",
    first_session=4, per_session=40, per_meeting=20, order_rates=(0.45, 0.4), deputies=22,
    revenue_2022=98_400_000, enterprise="КП «Могилівкомунсервіс»",
    court="Царичанського районного суду Дніпропетровської області",
    office="с. Могилів, вул. Центральна, 1",
)

SLOBOZHANSKA_COUNCIL = Council(
    key="slobozhanska", spec=SLOBOZHANSKA, adj="селищн", root="Слобожанськ", head="Іван КАМІНСЬКИЙ",
    secretary_sign="Секретар селищної ради (виконкому) Людмила ЛАГОДА",
    secretary_acc="секретаря селищної ради (виконкому) Людмилу Лагоду",
    deputy_acc="заступника селищного голови з питань діяльності виконавчих органів",
    land_deputy_acc="заступника селищного голови з питань земельних відносин та благоустрою",
    # Four departments in the demo: the general one carries land, budget, property, social and personnel acts.
    units={"org": "Відділ загально-організаційного забезпечення", "culture": "Відділ культури",
           "digital": "Відділ інформаційних технологій та електронного урядування",
           "services": "Відділ «Центр надання адміністративних послуг»"},
    session_dates="""
        2021-01-21 2021-02-18 2021-03-18 2021-04-22 2021-05-20 2021-06-17 2021-07-15 2021-09-16 2021-10-21
        2021-11-18 2021-12-21 2022-01-20 2022-02-17 2022-04-21 2022-06-16 2022-08-18 2022-10-20 2022-12-20
        2023-01-19 2023-02-16 2023-03-16 2023-04-13 2023-05-04 2023-06-08 2023-07-06 2023-08-03 2023-09-21
        2023-10-19 2023-11-16 2023-12-19 2024-01-18 2024-02-15 2024-03-21 2024-04-18 2024-05-16 2024-06-20
        2024-07-18 2024-08-15 2024-09-19 2024-10-17 2024-11-21 2024-12-19 2025-01-23 2025-02-20 2025-03-20
        2025-04-17 2025-05-15 2025-06-19 2025-07-17 2025-08-21 2025-09-18 2025-10-16 2025-11-20 2025-12-18
        2026-01-22 2026-02-19 2026-03-19 2026-04-16 2026-05-21 2026-06-18 2026-07-16 2026-08-20 2026-09-17
        2026-10-15 2026-11-19 2026-12-17""",
    first_session=3, per_session=93, per_meeting=52, order_rates=(0.9, 1.1), deputies=26,
    revenue_2022=418_600_000, enterprise="КП «Слобожанськблагоустрій»",
    court="Дніпропетровського районного суду Дніпропетровської області",
    office="с-ще Слобожанське, вул. Центральна, 1",
)

COUNCILS = {"mohyliv": MOHYLIV_COUNCIL, "slobozhanska": SLOBOZHANSKA_COUNCIL}

# --- laws quoted in the preambles (genitive, as after «керуючись статтею … ») ----------------------------------

MSV = "Закону України «Про місцеве самоврядування в Україні»"
ZK = "Земельного кодексу України"
BK = "Бюджетного кодексу України"
PK = "Податкового кодексу України"
ZEMLEUSTRIY = "Закону України «Про землеустрій»"
REGISTRATION = "Закону України «Про державну реєстрацію речових прав на нерухоме майно та їх обтяжень»"
LAND_LEASE = "Закону України «Про оренду землі»"
PROPERTY_LEASE = "Закону України «Про оренду державного та комунального майна»"
PRIVATISATION = "Закону України «Про приватизацію державного і комунального майна»"
REGULATORY = "Закону України «Про засади державної регуляторної політики у сфері господарської діяльності»"
IMPROVEMENT = "Закону України «Про благоустрій населених пунктів»"
SERVICE = "Закону України «Про службу в органах місцевого самоврядування»"
UTILITY_SERVICES = "Закону України «Про житлово-комунальні послуги»"

# --- acts under construction ---------------------------------------------------------------------------------


class Piece(NamedTuple):
    """What differs between acts: the title, the preamble (without its closing formula), the operative points
    (a nested list holds the sub-points of the point before it) and the topic."""

    title: str
    basis: str
    points: list
    topic: str


def numbered(points: list) -> list[str]:
    lines, n = [], 0
    for point in points:
        if isinstance(point, list):
            lines.extend(f"{n}.{k}. {sub}" for k, sub in enumerate(point, 1))
        else:
            n += 1
            lines.append(f"{n}. {point}")
    return lines


def council_text(c: Council, piece: Piece) -> str:
    commission = COMMISSIONS[TOPIC_COMMISSION[piece.topic]]
    opening = (f"{piece.basis}, враховуючи висновки та рекомендації постійної комісії {c.short_gen} {commission}, "
               f"{c.short_nom} ВИРІШИЛА:")
    control = f"Контроль за виконанням цього рішення покласти на постійну комісію {c.short_gen} {commission}."
    return "\n".join([opening, *numbered([*piece.points, control]), c.head_sign])


def executive_text(c: Council, piece: Piece) -> str:
    opening = f"{piece.basis}, виконавчий комітет {c.name_gen} ВИРІШИВ:"
    if piece.topic in ("land", "improvement", "roads", "utilities"):
        who = c.land_deputy_acc
    elif piece.topic in ("org", "digital", "services"):
        who = c.secretary_acc
    else:
        who = c.deputy_acc
    control = f"Контроль за виконанням цього рішення покласти на {who}."
    return "\n".join([opening, *numbered([*piece.points, control]), c.head_sign])


def order_text(c: Council, piece: Piece) -> str:
    control = "Контроль за виконанням цього розпорядження залишаю за собою."
    return "\n".join([f"{piece.basis}:", *numbered([*piece.points, control]), c.head_sign])


def project_word(rng: random.Random, day: date) -> str:
    """«проект» before the 2019 spelling took hold in councils' paperwork (mostly 2021), «проєкт» after."""
    return "проект" if day.year <= 2021 and rng.random() < 0.6 else "проєкт"


def address(c: Council, rng: random.Random, settlement: str | None = None) -> str:
    """A demo address: a settlement with streets in the demo and one of those streets."""
    if settlement is None or settlement not in c.streets:
        settlement = rng.choice(c.street_places)
    return f"{c.label(settlement)}, вул. {rng.choice(c.streets[settlement])}, {rng.randint(1, 140)}"


def cadastral(c: Council, rng: random.Random, inside: bool = True) -> str:
    """Demo cadastral numbers share the prefix of the demo's land plots (1221 + KATOTTG digits)."""
    prefix = "1221" + c.spec["katottg"][6:12]
    zone = rng.randint(1, 5) if inside else rng.randint(6, 9)
    return f"{prefix}:{zone:02d}:{rng.randint(1, 40):03d}:{rng.randint(1, 1999):04d}"


def land_location(c: Council, rng: random.Random, inside: bool) -> str:
    settlement = rng.choice(c.places)
    if inside:
        if settlement in c.streets:
            return f"в межах {c.label(settlement)} по вул. {rng.choice(c.streets[settlement])}"
        return f"в межах {c.label(settlement)}"
    return f"за межами населених пунктів на території {c.hromada_gen} (поблизу {c.label(settlement)})"


def lessee(rng: random.Random) -> tuple[str, str]:
    """A tenant: (short name, dative phrase)."""
    companies = [("ТОВ «Агро-Дніпро»", "товариству з обмеженою відповідальністю «Агро-Дніпро»"),
                 ("ТОВ «Оріль-Агро»", "товариству з обмеженою відповідальністю «Оріль-Агро»"),
                 ("ФГ «Надія»", "фермерському господарству «Надія»"),
                 ("СТОВ «Придніпровська нива»",
                  "сільськогосподарському товариству з обмеженою відповідальністю «Придніпровська нива»"),
                 ("ПП «Агрофірма Колос»", "приватному підприємству «Агрофірма Колос»")]
    if rng.random() < 0.3:
        p = person(rng)
        return f"ФОП {p.initials}", f"фізичній особі – підприємцю {p.dat}"
    return rng.choice(companies)


# --- template families ---------------------------------------------------------------------------------------
# Each family draws one act: (council, rng, day, ref) → Piece. `ref` is a phrase citing the act this one relies
# on (a programme, rules) where the family needs it; the corpus passes real acts, `generate` synthetic ones.

OWNERSHIP_PURPOSES = [
    ("01.03", "ведення особистого селянського господарства", 2.0, False),
    ("02.01", "будівництва і обслуговування житлового будинку, господарських будівель і споруд (присадибна "
              "ділянка)", 0.25, True),
    ("01.05", "індивідуального садівництва", 0.12, True),
    ("02.05", "будівництва індивідуальних гаражів", 0.01, True),
]
LEASE_PURPOSES = [
    ("01.01", "ведення товарного сільськогосподарського виробництва", 40.0, False),
    ("01.07", "городництва", 0.6, True),
    ("03.07", "будівництва та обслуговування будівель торгівлі", 0.15, True),
    ("11.02", "розміщення та експлуатації основних, підсобних і допоміжних будівель та споруд підприємств "
              "переробної, машинобудівної та іншої промисловості", 1.5, True),
]
DEVELOPERS = ["ТОВ «Дніпрогеоцентр»", "ПП «Земельний кадастровий центр»", "ТОВ «Геодезія Придніпров'я»",
              "ДП «Дніпропетровський науково-дослідний та проектний інститут землеустрою»"]


def land_permission(c: Council, rng: random.Random, day: date, ref: str = "") -> Piece:
    p = person(rng)
    proj = project_word(rng, day)
    code, purpose, max_area, inside = rng.choice(OWNERSHIP_PURPOSES)
    area = hectares(round(max_area * rng.uniform(0.4, 1.0), 4))
    verb = rng.choice(("розроблення", "розробку"))
    citizen = rng.choice((p.citizen_dat, "гр."))
    title = (f"Про надання дозволу на {verb} {proj}у землеустрою щодо відведення земельної ділянки у власність "
             f"{citizen} {p.dat}")
    basis = (f"Розглянувши заяву {p.citizen_gen} {p.gen} від {dmy(day - timedelta(days=rng.randint(12, 60)))} "
             f"(вх. № {rng.randint(100, 2900)}/02-{rng.randint(10, 40)}) та додані до неї графічні матеріали із "
             f"зазначенням бажаного місця розташування земельної ділянки, керуючись статтями 12, 116, 118, 121, 122 "
             f"{ZK}, статтею 50 {ZEMLEUSTRIY}, пунктом 34 частини першої статті 26 {MSV}")
    points = [
        f"Надати {p.citizen_dat} {p.dat}, {p.registered} за адресою: {address(c, rng)}, дозвіл на {verb} {proj}у "
        f"землеустрою щодо відведення земельної ділянки орієнтовною площею {area} га у власність для {purpose} "
        f"(код КВЦПЗ {code}) за рахунок земель комунальної власності {c.hromada_gen}, розташованої "
        f"{land_location(c, rng, inside)}.",
        f"{p.citizen_dat.capitalize()} {p.dat} замовити розроблення {proj}у землеустрою в суб'єкта господарювання, "
        f"що є виконавцем робіт із землеустрою згідно із законом, та подати розроблений {proj} на розгляд і "
        f"затвердження до {c.name_gen} в установленому законом порядку.",
        f"Попередити {p.citizen_acc} {p.acc}, що цей дозвіл не є підставою для використання земельної ділянки до "
        f"затвердження {proj}у землеустрою та державної реєстрації права власності на неї.",
    ]
    return Piece(title, basis, points, "land")


def land_project(c: Council, rng: random.Random, day: date, ref: str = "") -> Piece:
    p = person(rng)
    proj = project_word(rng, day)
    code, purpose, max_area, inside = rng.choice(OWNERSHIP_PURPOSES)
    area = hectares(round(max_area * rng.uniform(0.4, 1.0), 4))
    number = cadastral(c, rng, inside)
    title = rng.choice((
        f"Про затвердження {proj}у землеустрою щодо відведення земельної ділянки у власність {p.citizen_dat} "
        f"{p.dat}",
        f"Про затвердження {proj}у землеустрою та передачу земельної ділянки у власність {p.citizen_dat} {p.dat}",
    ))
    developer = rng.choice([*DEVELOPERS, f"ФОП {person(rng).initials}"])
    basis = (f"Розглянувши заяву {p.citizen_gen} {p.gen}, {proj} землеустрою щодо відведення земельної ділянки, "
             f"розроблений {developer}, витяг з Державного земельного кадастру про земельну ділянку від "
             f"{dmy(day - timedelta(days=rng.randint(7, 30)))} № НВ-{rng.randint(1_200_000_000, 1_299_999_999)}, "
             f"керуючись статтями 12, 81, 116, 118, 121, 122, 186 {ZK}, {ZEMLEUSTRIY}, пунктом 34 частини першої "
             f"статті 26 {MSV}").replace(f", {ZEMLEUSTRIY},", f", {instrumental(ZEMLEUSTRIY)},")
    points = [
        f"Затвердити {proj} землеустрою щодо відведення земельної ділянки у власність {p.citizen_dat} {p.dat} для "
        f"{purpose} (код КВЦПЗ {code}) площею {area} га, кадастровий номер {number}, розташованої "
        f"{land_location(c, rng, inside)}.",
        f"Передати {p.citizen_dat} {p.dat} безоплатно у власність земельну ділянку площею {area} га (кадастровий "
        f"номер {number}) для {purpose} за рахунок земель комунальної власності {c.hromada_gen}.",
        f"{p.citizen_dat.capitalize()} {p.dat} зареєструвати право власності на земельну ділянку відповідно до "
        f"{REGISTRATION}, використовувати її за цільовим призначенням та дотримуватися вимог статей 91, 103 {ZK}.",
    ]
    return Piece(title, basis, points, "land")


def land_boundaries(c: Council, rng: random.Random, day: date, ref: str = "") -> Piece:
    p = person(rng)
    house = address(c, rng)
    area = hectares(round(rng.uniform(0.06, 0.25), 4))
    number = cadastral(c, rng)
    title = (f"Про затвердження технічної документації із землеустрою щодо встановлення (відновлення) меж "
             f"земельної ділянки в натурі (на місцевості) та передачу її у власність {p.citizen_dat} {p.dat}")
    basis = (f"Розглянувши заяву {p.citizen_gen} {p.gen}, технічну документацію із землеустрою щодо встановлення "
             f"(відновлення) меж земельної ділянки в натурі (на місцевості), розроблену {rng.choice(DEVELOPERS)}, "
             f"документи, що підтверджують право власності на житловий будинок за адресою: {house}, керуючись "
             f"статтями 12, 40, 116, 118, 120, 121 {ZK}, статтею 55 {ZEMLEUSTRIY}, пунктом 34 частини першої "
             f"статті 26 {MSV}")
    points = [
        f"Затвердити технічну документацію із землеустрою щодо встановлення (відновлення) меж земельної ділянки в "
        f"натурі (на місцевості) для будівництва і обслуговування житлового будинку, господарських будівель і "
        f"споруд (присадибна ділянка) площею {area} га, кадастровий номер {number}, за адресою: {house}.",
        f"Передати {p.citizen_dat} {p.dat} у власність земельну ділянку площею {area} га (кадастровий номер "
        f"{number}) для будівництва і обслуговування житлового будинку, господарських будівель і споруд "
        f"(присадибна ділянка) за адресою: {house}.",
        f"{p.citizen_dat.capitalize()} {p.dat} зареєструвати право власності на земельну ділянку в установленому "
        f"законом порядку.",
    ]
    return Piece(title, basis, points, "land")


def land_lease(c: Council, rng: random.Random, day: date, ref: str = "") -> Piece:
    short, dative = lessee(rng)
    code, purpose, max_area, inside = rng.choice(LEASE_PURPOSES)
    area = round(max_area * rng.uniform(0.3, 1.0), 4)
    years = rng.choice((5, 7, 10, 15))
    percent = rng.choice((8, 10, 12))
    valuation = area * rng.uniform(28_000, 36_000) if code == "01.01" else area * rng.uniform(180_000, 420_000)
    title = rng.choice((f"Про передачу в оренду земельної ділянки {short}",
                        f"Про надання в оренду земельної ділянки комунальної власності {short}",
                        f"Про передачу {short} в оренду земельної ділянки для {purpose}"))
    basis = (f"Розглянувши клопотання {short} та додані до нього документи, керуючись статтями 12, 93, 122, 124 "
             f"{ZK}, {instrumental(LAND_LEASE)}, пунктом 34 частини першої статті 26 {MSV}"
             + (f", відповідно до {ref}" if ref else ""))
    number = cadastral(c, rng, inside)
    points = [
        f"Передати {dative} в оренду строком на {years} років земельну ділянку комунальної власності площею "
        f"{hectares(area)} га (кадастровий номер {number}) для {purpose} (код КВЦПЗ {code}), розташовану "
        f"{land_location(c, rng, inside)}.",
        f"Встановити річну орендну плату за користування земельною ділянкою у розмірі {percent} відсотків від її "
        f"нормативної грошової оцінки, що становить {money(valuation * percent / 100)} гривень на рік.",
        f"Доручити {c.head_dat} укласти договір оренди землі з {short} відповідно до типового договору оренди "
        f"землі.",
        "Орендарю у місячний строк зареєструвати право оренди земельної ділянки, використовувати її за цільовим "
        "призначенням, своєчасно вносити орендну плату та дотримуватися обмежень у використанні земель.",
    ]
    return Piece(title, basis, points, "land")


def land_lease_renewal(c: Council, rng: random.Random, day: date, ref: str = "") -> Piece:
    short, _dative = lessee(rng)
    signed = date(day.year - rng.choice((5, 7)), rng.randint(1, 12), rng.randint(1, 28))
    contract = rng.randint(1, 90)
    area = hectares(round(rng.uniform(2.0, 38.0), 4))
    title = f"Про поновлення договору оренди землі з {short}"
    basis = (f"Розглянувши лист-повідомлення {short} про намір скористатися переважним правом на поновлення "
             f"договору оренди землі від {dmy(signed)} № {contract}, керуючись статтями 12, 93, 126-1 "
             f"{ZK}, {instrumental(LAND_LEASE)}, пунктом 34 частини першої статті 26 {MSV}")
    points = [
        f"Поновити договір оренди землі від {dmy(signed)} № {contract}, укладений з {short}, щодо "
        f"земельної ділянки площею {area} га (кадастровий номер {cadastral(c, rng, False)}) для ведення товарного "
        f"сільськогосподарського виробництва строком на {rng.choice((5, 7))} років на тих самих умовах.",
        f"Встановити орендну плату у розмірі {rng.choice((10, 12))} відсотків від нормативної грошової оцінки "
        f"земельної ділянки з урахуванням коефіцієнта індексації.",
        f"Доручити {c.head_dat} укласти з {short} додаткову угоду до договору оренди землі.",
    ]
    return Piece(title, basis, points, "land")


def land_auction(c: Council, rng: random.Random, day: date, ref: str = "") -> Piece:
    area = round(rng.uniform(3.0, 45.0), 4)
    start = area * rng.uniform(2400, 3600)
    title = ("Про проведення земельних торгів у формі електронного аукціону з продажу права оренди земельної "
             "ділянки сільськогосподарського призначення")
    basis = (f"З метою ефективного використання земель комунальної власності та наповнення {c.budget_gen}, "
             f"керуючись статтями 12, 134-139 {ZK}, {instrumental(LAND_LEASE)}, пунктом 34 частини першої статті 26 "
             f"{MSV}")
    points = [
        f"Провести земельні торги у формі електронного аукціону з продажу права оренди земельної ділянки "
        f"комунальної власності площею {hectares(area)} га (кадастровий номер {cadastral(c, rng, False)}) для "
        f"ведення товарного сільськогосподарського виробництва, розташованої {land_location(c, rng, False)}.",
        f"Встановити стартовий розмір річної орендної плати {money(start)} гривень, строк оренди – "
        f"{rng.choice((7, 10))} років, крок аукціону – 1 відсоток стартової ціни.",
        f"Організатором земельних торгів визначити виконавчий комітет {c.name_gen}.",
        f"Доручити {c.head_dat} підписати договір оренди землі з переможцем земельних торгів.",
    ]
    return Piece(title, basis, points, "land")


def land_refusal(c: Council, rng: random.Random, day: date, ref: str = "") -> Piece:
    p = person(rng)
    proj = project_word(rng, day)
    reason = rng.choice((
        "невідповідність місця розташування земельної ділянки вимогам генерального плану населеного пункту",
        "бажана земельна ділянка перебуває у користуванні інших осіб на підставі договору оренди землі",
        "до заяви не додано графічних матеріалів із зазначенням бажаного місця розташування земельної ділянки",
        "заявник уже реалізував право на безоплатну приватизацію земельної ділянки за цим видом використання",
    ))
    title = f"Про відмову у наданні дозволу на розроблення {proj}у землеустрою {p.citizen_dat} {p.dat}"
    basis = (f"Розглянувши заяву {p.citizen_gen} {p.gen} про надання дозволу на розроблення {proj}у землеустрою "
             f"щодо відведення земельної ділянки у власність, керуючись частиною сьомою статті 118 {ZK}, пунктом 34 "
             f"частини першої статті 26 {MSV}")
    points = [
        f"Відмовити {p.citizen_dat} {p.dat} у наданні дозволу на розроблення {proj}у землеустрою щодо відведення "
        f"земельної ділянки у власність з підстави: {reason}.",
        f"Повідомити {p.citizen_acc} {p.acc} про прийняте рішення в установлений законом строк.",
    ]
    return Piece(title, basis, points, "land")


ITEMS = ["комп'ютерний комплект (системний блок, монітор, клавіатура, маніпулятор «миша») – {n} шт.",
         "багатофункціональний пристрій Canon i-SENSYS – {n} шт.", "ноутбук Lenovo IdeaPad – {n} шт.",
         "генератор бензиновий потужністю 5,5 кВт – {n} шт.", "парти учнівські двомісні – {n} шт.",
         "стільці учнівські – {n} шт.", "мотокоса Stihl FS 250 – {n} шт.", "насос глибинний для свердловини – {n} шт.",
         "спортивний інвентар (м'ячі, тенісні столи, мати гімнастичні) – {n} од.",
         "котел твердопаливний потужністю 50 кВт – {n} шт.", "проектор мультимедійний Epson – {n} шт."]


@cache
def holders(c: Council) -> list[tuple[str, str]]:
    """(name, genitive) of the balance holders: the executive committee, the institutions, the utility."""
    return ([(f"виконавчий комітет {c.name_gen}", f"виконавчого комітету {c.name_gen}"),
             (c.enterprise, c.enterprise)]
            + [(name, INSTITUTION_GEN[name]) for name in c.institutions])


def property_transfer(c: Council, rng: random.Random, day: date, ref: str = "") -> Piece:
    giver, taker = rng.sample(holders(c), 2)
    items = [item.format(n=rng.randint(1, 12)) for item in rng.sample(ITEMS, rng.randint(2, 4))]
    value = rng.uniform(18_000, 640_000)
    title = f"Про передачу майна комунальної власності з балансу {giver[1]} на баланс {taker[1]}"
    basis = (f"З метою ефективного використання майна комунальної власності {c.hromada_gen}, розглянувши лист "
             f"{taker[1]} від {dmy(day - timedelta(days=rng.randint(5, 30)))} № {rng.randint(10, 400)}, керуючись "
             f"статтями 26, 60 {MSV}")
    points = [
        f"Передати безоплатно з балансу {giver[1]} на баланс {taker[1]} майно комунальної власності загальною "
        f"балансовою вартістю {money(value)} гривень, а саме:", items,
        "Створити комісію з приймання-передачі майна у складі, визначеному розпорядженням "
        f"{c.head_gen}.",
        "Приймання-передачу майна оформити актом приймання-передачі відповідно до вимог чинного законодавства; "
        "бухгалтеріям сторін відобразити операції в бухгалтерському обліку.",
    ]
    return Piece(title, basis, points, "property")


TERMS = ("три роки", "п'ять років")
LEASE_USES = ("розміщення торговельного об'єкта", "надання побутових послуг населенню", "розміщення офісу")


def property_lease(c: Council, rng: random.Random, day: date, ref: str = "") -> Piece:
    premises = rng.choice(("нежитлове приміщення", "частину нежитлового приміщення", "нежитлову будівлю"))
    place = address(c, rng)
    area = round(rng.uniform(12, 180), 1)
    if rng.random() < 0.5:
        title = (f"Про включення об'єкта нерухомого майна комунальної власності за адресою: {place} до Переліку "
                 f"першого типу")
        points = [
            f"Включити {premises} загальною площею {decimal(area)} м² за адресою: {place} до Переліку першого типу "
            f"об'єктів, щодо яких прийнято рішення про передачу в оренду на аукціоні.",
            f"Затвердити умови та додаткові умови оренди: строк оренди – {rng.choice(TERMS)}, цільове призначення – "
            f"{rng.choice(LEASE_USES)}.",
            "Оприлюднити оголошення про передачу майна в оренду в електронній торговій системі Prozorro.Продажі.",
        ]
    else:
        tenant = rng.choice(("акціонерному товариству «Укрпошта»", "Головному управлінню Пенсійного фонду "
                             "України в Дніпропетровській області", "Дніпровському районному центру зайнятості"))
        title = "Про передачу в оренду нерухомого майна комунальної власності без проведення аукціону"
        points = [
            f"Передати в оренду без проведення аукціону {tenant} {premises} загальною площею {decimal(area)} м² за "
            f"адресою: {place} строком на 5 років.",
            "Встановити орендну плату відповідно до Методики розрахунку орендної плати за державне та комунальне "
            "майно.",
            f"Доручити {c.head_dat} укласти договір оренди нерухомого майна комунальної власності.",
        ]
    basis = (f"Відповідно до {PROPERTY_LEASE}, постанови Кабінету Міністрів України від 03.06.2020 № 483 «Деякі "
             f"питання оренди державного та комунального майна», керуючись статтею 29 {MSV}"
             + (f", {ref}" if ref else ""))
    return Piece(title, basis, points, "property")


def property_writeoff(c: Council, rng: random.Random, day: date, ref: str = "") -> Piece:
    holder = rng.choice(holders(c))
    items = [item.format(n=rng.randint(1, 6)) for item in rng.sample(ITEMS, rng.randint(2, 3))]
    title = f"Про надання дозволу на списання основних засобів з балансу {holder[1]}"
    basis = (f"Розглянувши звернення {holder[1]} та акт технічного стану від "
             f"{dmy(day - timedelta(days=rng.randint(5, 40)))}, яким підтверджено непридатність майна для "
             f"подальшого використання та недоцільність його відновлення, керуючись статтями 29, 60 {MSV}")
    points = [
        f"Надати дозвіл {holder[1]} на списання з балансу основних засобів, непридатних для подальшого "
        f"використання, а саме:", items,
        "Демонтаж, оприбуткування придатних до використання запасних частин і металобрухту та здачу вторинної "
        "сировини провести відповідно до вимог чинного законодавства.",
        "Кошти, отримані від реалізації вторинної сировини, зарахувати до бюджету громади.",
    ]
    return Piece(title, basis, points, "property")


PRIVATISATION_OBJECTS = ["нежитлова будівля колишнього фельдшерсько-акушерського пункту",
                         "нежитлова будівля колишньої контори", "нежитлова будівля колишньої лазні",
                         "нежитлове приміщення колишнього магазину", "будівля колишнього дитячого садка"]


def privatisation(c: Council, rng: random.Random, day: date, ref: str = "") -> Piece:
    thing = rng.choice(PRIVATISATION_OBJECTS)
    place = address(c, rng)
    area = round(rng.uniform(60, 640), 1)
    title = f"Про приватизацію об'єкта малої приватизації – {thing} за адресою: {place}"
    basis = (f"Відповідно до {PRIVATISATION}, враховуючи, що об'єкт тривалий час не використовується і потребує "
             f"значних коштів на утримання, керуючись пунктом 30 частини першої статті 26 {MSV}")
    points = [
        f"Приватизувати шляхом продажу на електронному аукціоні об'єкт малої приватизації – {thing} загальною "
        f"площею {decimal(area)} м² за адресою: {place}.",
        "Створити аукціонну комісію для продажу об'єкта малої приватизації та затвердити її склад згідно з "
        "додатком.",
        f"Кошти, отримані від приватизації, зарахувати до бюджету розвитку {c.budget_gen}.",
    ]
    return Piece(title, basis, points, "property")


def property_acceptance(c: Council, rng: random.Random, day: date, ref: str = "") -> Piece:
    what, giver = rng.choice((
        ("генераторів, отриманих як благодійна допомога", "міжнародної благодійної організації"),
        ("шкільного автобуса ATAMAN D093S2", "Міністерства освіти і науки України"),
        ("модульних будинків для тимчасового проживання внутрішньо переміщених осіб",
         "Дніпропетровської обласної військової адміністрації"),
        ("твердопаливних котлів та обігрівачів", "Програми розвитку ООН в Україні"),
    ))
    title = f"Про прийняття у комунальну власність {c.hromada_gen} {what}"
    basis = (f"Розглянувши лист {giver} від {dmy(day - timedelta(days=rng.randint(5, 40)))} "
             f"№ {rng.randint(100, 9000)}, керуючись статтями 26, 60 {MSV}")
    holder = rng.choice(holders(c))
    points = [
        f"Прийняти безоплатно у комунальну власність {c.hromada_gen} майно загальною вартістю "
        f"{money(rng.uniform(120_000, 3_400_000))} гривень згідно з додатком.",
        f"Передати прийняте майно на баланс {holder[1]}.",
        "Приймання-передачу майна оформити актом приймання-передачі.",
    ]
    return Piece(title, basis, points, "property")


AID_KINDS = {  # programme key → (title, reason, budget programme)
    "social": ("Про надання одноразової матеріальної допомоги на лікування",
               "на лікування", "0113242 «Інші заходи у сфері соціального захисту і соціального забезпечення»"),
    "hardship": ("Про надання матеріальної допомоги громадянам, які опинилися в складних життєвих обставинах",
                 "у зв'язку зі складними життєвими обставинами",
                 "0113242 «Інші заходи у сфері соціального захисту і соціального забезпечення»"),
    "veterans": ("Про надання матеріальної допомоги учасникам бойових дій та членам сімей загиблих (померлих) "
                 "Захисників і Захисниць України", "як учаснику бойових дій",
                 "0113242 «Інші заходи у сфері соціального захисту і соціального забезпечення»"),
    "idp": ("Про надання матеріальної допомоги внутрішньо переміщеним особам",
            "як внутрішньо переміщеній особі", "0113242 «Інші заходи у сфері соціального захисту і соціального "
            "забезпечення»"),
}


def material_aid(c: Council, rng: random.Random, day: date, ref: str = "", kind: str = "") -> Piece:
    title, reason, kpkv = AID_KINDS[kind or rng.choice(list(AID_KINDS))]
    people = [person(rng) for _ in range(rng.randint(2, 5))]
    amounts = [rng.choice((2000, 3000, 5000, 10000)) for _ in people]
    basis = (f"Розглянувши заяви громадян про надання матеріальної допомоги та додані до них документи, "
             f"керуючись статтею 34 {MSV}" + (f", відповідно до {ref}" if ref else ""))
    lines = [f"{p.dat}, {address(c, rng)}, {reason} – {money(a)} грн;" for p, a in zip(people, amounts, strict=True)]
    points = [
        "Надати одноразову матеріальну допомогу:", lines,
        f"{c.unit_dat('budget')} профінансувати видатки на загальну суму {money(sum(amounts))} гривень за КПКВК "
        f"МБ {kpkv}.",
    ]
    return Piece(title, basis, points, kind if kind in ("veterans", "idp") else "social")


def child_status(c: Council, rng: random.Random, day: date, ref: str = "") -> Piece:
    who = child_initials(rng)
    year = rng.randint(2010, 2021)
    female = rng.random() < 0.5
    minor = ("малолітній" if female else "малолітньому") if year > 2012 else ("неповнолітній" if female
                                                                              else "неповнолітньому")
    ground = rng.choice((
        f"мати дитини рішенням {c.court} від {dmy(day - timedelta(days=rng.randint(40, 300)))} у справі "
        f"№ {rng.randint(170, 199)}/{rng.randint(1000, 9999)}/{day.year % 100 - 1} позбавлена батьківських прав",
        f"мати дитини померла {dmy(day - timedelta(days=rng.randint(30, 200)))}, а відомості про батька записані "
        f"відповідно до частини першої статті 135 Сімейного кодексу України",
    ))
    title = f"Про надання статусу дитини, позбавленої батьківського піклування, {minor} {who}, {year} р.н."
    basis = (f"Розглянувши документи, подані службою у справах дітей, враховуючи, що {ground}, відповідно до "
             f"постанови Кабінету Міністрів України від 24.09.2008 № 866 «Питання діяльності органів опіки та "
             f"піклування, пов'язаної із захистом прав дитини», керуючись статтею 34 {MSV}")
    points = [
        f"Надати {minor} {who}, {year} року народження, статус дитини, позбавленої батьківського піклування.",
        "Службі у справах дітей забезпечити влаштування дитини до сімейної форми виховання та взяти дитину на "
        "облік як таку, що має статус дитини, позбавленої батьківського піклування.",
    ]
    return Piece(title, basis, points, "children")


def housing_queue(c: Council, rng: random.Random, day: date, ref: str = "") -> Piece:
    p = person(rng)
    why = rng.choice(("як учасника бойових дій (позачергово)", "у загальну чергу",
                      "як внутрішньо переміщену особу (першочергово)"))
    title = f"Про взяття на квартирний облік {p.citizen_gen} {p.gen}"
    basis = (f"Розглянувши заяву {p.citizen_gen} {p.gen} та документи, подані для взяття на облік громадян, які "
             f"потребують поліпшення житлових умов, відповідно до статей 34, 36, 46 Житлового кодексу України, "
             f"Правил обліку громадян, які потребують поліпшення житлових умов, керуючись статтею 30 {MSV}")
    points = [
        f"Взяти на квартирний облік при виконавчому комітеті {c.name_gen} {p.citizen_acc} {p.acc}, "
        f"{p.registered} за адресою: {address(c, rng)}, складом сім'ї {rng.randint(1, 5)} особи, {why}.",
        f"{c.unit_dat('social')} внести відповідні записи до книги обліку громадян, які потребують поліпшення "
        f"житлових умов.",
    ]
    return Piece(title, basis, points, "social")


def _street_in(c: Council, rng: random.Random) -> tuple[str, str]:
    settlement = rng.choice(c.street_places)
    return settlement, rng.choice(c.streets[settlement])


def road_docs(c: Council, rng: random.Random, day: date, ref: str = "") -> Piece:
    settlement, street = _street_in(c, rng)
    kind = rng.choice(("Поточний середній ремонт", "Капітальний ремонт", "Поточний дрібний ремонт"))
    total = rng.uniform(380, 6400)
    proj = project_word(rng, day)
    obj = f"«{kind} вулиці {street} в {c.label(settlement)} {c.hromada_gen}»"
    title = f"Про затвердження {proj}но-кошторисної документації за об'єктом {obj}"
    basis = (f"Розглянувши {proj}но-кошторисну документацію, розроблену {rng.choice(DEVELOPERS[:3])}, та "
             f"експертний звіт від {dmy(day - timedelta(days=rng.randint(5, 30)))} № {rng.randint(1000, 9999)}-"
             f"{day.year % 100}, відповідно до Закону України «Про автомобільні дороги», керуючись статтею 31 {MSV}"
             + (f", з метою виконання {ref}" if ref else ""))
    points = [
        f"Затвердити {proj}но-кошторисну документацію за об'єктом {obj} загальною кошторисною вартістю "
        f"{thousands(total)} тис. гривень, у тому числі будівельні роботи – {thousands(total * 0.86)} тис. гривень, "
        f"інші витрати – {thousands(total * 0.14)} тис. гривень.",
        f"Визначити замовником робіт з ремонту дорожнього покриття виконавчий комітет {c.name_gen}.",
        f"Фінансування робіт здійснювати в межах коштів, передбачених у {c.budget_gen} на відповідний рік.",
    ]
    return Piece(title, basis, points, "roads")


def lighting(c: Council, rng: random.Random, day: date, ref: str = "") -> Piece:
    settlement, street = _street_in(c, rng)
    lamps = rng.randint(8, 46)
    title = f"Про влаштування вуличного освітлення по вул. {street} в {c.label(settlement)}"
    basis = (f"З метою забезпечення належного освітлення вулиць у темну пору доби та безпеки руху пішоходів, "
             f"враховуючи звернення мешканців вулиці {street}, керуючись статтею 30 {MSV}, {instrumental(IMPROVEMENT)}"
             + (f", відповідно до {ref}" if ref else ""))
    points = [
        f"Влаштувати вуличне освітлення по вул. {street} в {c.label(settlement)}: встановити {lamps} "
        f"світлодіодних світильників потужністю 50 Вт на опорах лінії електропередачі та шафу керування з "
        f"астрономічним реле.",
        f"Доручити {c.enterprise} виконати роботи з улаштування мережі вуличного освітлення до "
        f"{dmy(date(day.year, 12, 1))}.",
        f"Фінансування видатків здійснити за рахунок коштів {c.budget_gen}, передбачених на утримання мереж "
        f"вуличного освітлення.",
    ]
    return Piece(title, basis, points, "utilities")


def water_supply(c: Council, rng: random.Random, day: date, ref: str = "") -> Piece:
    settlement, street = _street_in(c, rng)
    metres = rng.randint(180, 2400)
    proj = project_word(rng, day)
    title = rng.choice((
        f"Про затвердження робочого {proj}у «Реконструкція мережі водопостачання по вул. {street} в "
        f"{c.label(settlement)}»",
        f"Про проведення ремонту водопровідної мережі по вул. {street} в {c.label(settlement)}",
    ))
    basis = (f"З метою забезпечення мешканців {c.label(settlement)} якісною питною водою та зменшення втрат води в "
             f"мережах централізованого водопостачання, відповідно до Закону України «Про питну воду та питне "
             f"водопостачання», {UTILITY_SERVICES}, керуючись статтею 30 {MSV}" + (f", {ref}" if ref else ""))
    points = [
        f"Провести заміну зношених ділянок водопровідної мережі протяжністю {metres} м по вул. {street} в "
        f"{c.label(settlement)} з використанням поліетиленових труб діаметром 110 мм.",
        f"Виконавцем робіт визначити {c.enterprise}; замовником – виконавчий комітет {c.name_gen}.",
        f"Видатки на ремонт мережі водопостачання у сумі {money(metres * rng.uniform(900, 1500))} гривень "
        f"здійснити за рахунок коштів {c.budget_gen}.",
    ]
    return Piece(title, basis, points, "utilities")


TREES = ["тополя", "верба", "акація", "клен", "горіх волоський", "ясен", "береза"]


def tree_removal(c: Council, rng: random.Random, day: date, ref: str = "") -> Piece:
    place = address(c, rng)
    trees = rng.sample(TREES, rng.randint(1, 3))
    listed = ", ".join(f"{tree} – {rng.randint(1, 4)} од." for tree in trees)
    title = f"Про надання дозволу на видалення зелених насаджень за адресою: {place}"
    basis = (f"Розглянувши заяву та акт обстеження зелених насаджень, що підлягають видаленню, від "
             f"{dmy(day - timedelta(days=rng.randint(3, 20)))}, відповідно до {IMPROVEMENT}, постанови Кабінету "
             f"Міністрів України від 01.08.2006 № 1045 «Про затвердження Порядку видалення дерев, кущів, газонів і "
             f"квітників у населених пунктах», керуючись статтею 30 {MSV}" + (f", {ref}" if ref else ""))
    points = [
        f"Надати дозвіл на видалення аварійних та сухостійних дерев за адресою: {place} ({listed}).",
        "Відновну вартість зелених насаджень не сплачувати, оскільки дерева є аварійними та становлять загрозу "
        "життю і майну громадян.",
        f"Роботи з видалення дерев доручити {c.enterprise} з дотриманням правил техніки безпеки; деревину "
        f"оприбуткувати.",
    ]
    return Piece(title, basis, points, "improvement")


def address_assignment(c: Council, rng: random.Random, day: date, ref: str = "") -> Piece:
    p = person(rng)
    settlement, street = _street_in(c, rng)
    house = rng.randint(1, 150)
    title = rng.choice((f"Про присвоєння адреси об'єкту нерухомого майна {p.citizen_gen} {p.gen}",
                        f"Про присвоєння адреси житловому будинку по вул. {street} в {c.label(settlement)}"))
    basis = (f"Розглянувши заяву {p.citizen_gen} {p.gen} про присвоєння адреси та документи, що посвідчують "
             f"право власності на об'єкт нерухомого майна, відповідно до Порядку присвоєння адрес об'єктам "
             f"будівництва, об'єктам нерухомого майна, затвердженого постановою Кабінету Міністрів України від "
             f"07.07.2021 № 690, керуючись статтею 37 {MSV}")
    points = [
        f"Присвоїти житловому будинку з господарськими будівлями і спорудами, що належить на праві власності "
        f"{p.dat}, адресу: Дніпропетровська область, Дніпровський район, {c.label(settlement)}, вулиця {street}, "
        f"будинок {house}.",
        "Відділу «Центр надання адміністративних послуг» внести відомості про присвоєння адреси до Реєстру "
        "будівельної діяльності Єдиної державної електронної системи у сфері будівництва.",
    ]
    return Piece(title, basis, points, "services")


def temporary_structure(c: Council, rng: random.Random, day: date, ref: str = "") -> Piece:
    p = person(rng)
    place = address(c, rng)
    kind = rng.choice(("торговельного павільйону", "кіоску", "пересувної тимчасової споруди (кав'ярні)"))
    title = f"Про погодження розміщення тимчасової споруди для провадження підприємницької діяльності ФОП {p.initials}"
    basis = (f"Розглянувши заяву фізичної особи – підприємця {p.gen} та паспорт прив'язки тимчасової споруди, "
             f"відповідно до наказу Міністерства регіонального розвитку, будівництва та житлово-комунального "
             f"господарства України від 21.10.2011 № 244, керуючись статтею 31 {MSV}" + (f", {ref}" if ref else ""))
    points = [
        f"Погодити фізичній особі – підприємцю {p.dat} розміщення {kind} площею {rng.randint(6, 30)} м² за "
        f"адресою: {place} строком на {rng.choice(TERMS)}.",
        "Заявнику укласти договір про пайову участь в утриманні об'єктів благоустрою та забезпечити благоустрій "
        "прилеглої території.",
    ]
    return Piece(title, basis, points, "improvement")


EMERGENCIES = ["пошкодження покрівлі закладу освіти внаслідок сильного вітру",
               "ліквідацію наслідків пошкодження лінії електропередачі",
               "аварійний ремонт водопровідної мережі", "придбання паливно-мастильних матеріалів для генераторів "
               "пунктів незламності"]


def reserve_fund(c: Council, rng: random.Random, day: date, ref: str = "") -> Piece:
    need = rng.choice(EMERGENCIES)
    amount = rng.uniform(40_000, 480_000)
    title = f"Про виділення коштів з резервного фонду {c.budget_gen}"
    basis = (f"Відповідно до статті 24 {BK}, Порядку використання коштів резервного фонду бюджету, враховуючи "
             f"акт обстеження від {dmy(day - timedelta(days=rng.randint(1, 10)))}, керуючись статтею 28 {MSV}")
    points = [
        f"Виділити з резервного фонду {c.budget_gen} кошти у сумі {money(amount)} гривень на {need}.",
        f"{c.unit_dat('budget')} забезпечити фінансування в межах залишку коштів резервного фонду.",
        "Головному розпоряднику коштів у місячний термін подати звіт про використання коштів.",
    ]
    return Piece(title, basis, points, "budget")


def schools(c: Council) -> list[str]:
    return [name for name in c.institutions if "школ" in name or "ліцей" in name]


def school_meals(c: Council, rng: random.Random, day: date, ref: str = "") -> Piece:
    year = day.year if day.month >= 7 else day.year - 1
    title = (f"Про організацію харчування здобувачів освіти у закладах загальної середньої освіти {c.hromada_gen} "
             f"у {year}/{year + 1} навчальному році")
    basis = (f"Відповідно до Законів України «Про освіту», «Про повну загальну середню освіту», постанови Кабінету "
             f"Міністрів України від 24.03.2021 № 305 «Про затвердження норм та Порядку організації харчування у "
             f"закладах освіти та дитячих закладах оздоровлення та відпочинку», керуючись статтею 32 {MSV}")
    points = [
        "Організувати безоплатне гаряче харчування учнів 1-4 класів, дітей-сиріт, дітей, позбавлених "
        "батьківського піклування, дітей з особливими освітніми потребами, дітей з малозабезпечених сімей, дітей "
        "учасників бойових дій та дітей з числа внутрішньо переміщених осіб.",
        f"Встановити вартість харчування одного учня на день: 1-4 класи – {rng.randint(35, 60)} гривень, "
        f"5-11 класи – {rng.randint(40, 70)} гривень.",
        f"Керівникам закладів освіти ({', '.join(schools(c))}) "
        f"забезпечити дотримання санітарно-гігієнічних норм при організації харчування.",
    ]
    return Piece(title, basis, points, "education")


def class_network(c: Council, rng: random.Random, day: date, ref: str = "") -> Piece:
    year = day.year if day.month >= 3 else day.year - 1  # approved in spring for the coming school year
    title = (f"Про затвердження мережі закладів загальної середньої освіти та контингенту учнів на "
             f"{year}/{year + 1} навчальний рік")
    basis = (f"Відповідно до Закону України «Про повну загальну середню освіту», з метою забезпечення права "
             f"дітей на здобуття освіти, керуючись статтею 32 {MSV}")
    lines = [f"{name} – {rng.randint(6, 24)} класів, {rng.randint(80, 560)} учнів;" for name in schools(c)]
    points = [
        f"Затвердити мережу закладів загальної середньої освіти {c.hromada_gen} на {year}/{year + 1} навчальний "
        f"рік:", lines,
        f"{c.unit_dat('education')} забезпечити підвезення учнів до закладів освіти шкільними автобусами.",
    ]
    return Piece(title, basis, points, "education")


def school_bus_routes(c: Council, rng: random.Random, day: date, ref: str = "") -> Piece:
    year = day.year if day.month >= 6 else day.year - 1
    villages = [c.label(name) for name in rng.sample(c.settlement_names, min(4, len(c.settlement_names)))]
    title = f"Про затвердження маршрутів руху шкільних автобусів на {year}/{year + 1} навчальний рік"
    basis = (f"З метою забезпечення регулярного безоплатного підвезення учнів і педагогічних працівників до "
             f"закладів освіти та у зворотному напрямку, відповідно до Закону України «Про освіту», керуючись "
             f"статтею 32 {MSV}" + (f", відповідно до {ref}" if ref else ""))
    points = [
        f"Затвердити маршрут руху шкільного автобуса: {' – '.join(villages)} ({rng.choice(schools(c))}).",
        "Керівникам закладів освіти забезпечити супровід учнів під час перевезення та дотримання графіка руху.",
    ]
    return Piece(title, basis, points, "education")


# --- head orders ---------------------------------------------------------------------------------------------


POSITIONS = [("начальника", "начальнику"), ("головного спеціаліста", "головному спеціалісту"),
             ("провідного спеціаліста", "провідному спеціалісту"),
             ("спеціаліста І категорії", "спеціалісту І категорії")]


def _position(c: Council, rng: random.Random, dative: bool = False) -> str:
    """A staff position in one of the demo's departments, in the genitive (or the dative)."""
    unit = rng.choice([name for name, _short in c.spec["departments"]])
    return f"{rng.choice(POSITIONS)[dative]} {DEPARTMENT_CASES[unit][0]}"


def appointment(c: Council, rng: random.Random, day: date, ref: str = "") -> Piece:
    p = person(rng)
    position = _position(c, rng)
    title = f"Про призначення {p.gen} на посаду {position}"
    basis = (f"Відповідно до статей 10, 15 {SERVICE}, за результатами конкурсу на заміщення вакантної посади "
             f"(протокол конкурсної комісії від {dmy(day - timedelta(days=rng.randint(3, 14)))} "
             f"№ {rng.randint(1, 9)}), "
             f"керуючись пунктом 10 частини четвертої статті 42 {MSV}")
    points = [
        f"ПРИЗНАЧИТИ {p.acc} на посаду {position} виконавчого комітету {c.name_gen} з "
        f"{dmy(workday(day + timedelta(days=1)))} з посадовим окладом згідно зі штатним розписом.",
        f"Присвоїти {p.dat} {rng.randint(11, 15)} ранг посадової особи місцевого самоврядування.",
        "Підстава: заява, протокол засідання конкурсної комісії.",
    ]
    return Piece(title, basis, points, "personnel")


def vacation(c: Council, rng: random.Random, day: date, ref: str = "") -> Piece:
    p = person(rng)
    days = rng.choice((10, 14, 15, 24, 30))
    start = workday(day + timedelta(days=rng.randint(1, 10)))
    title = rng.choice((f"Про надання щорічної основної відпустки {p.dat}",
                        f"Про надання частини щорічної відпустки {p.dat}"))
    basis = f"Відповідно до статей 6, 10 Закону України «Про відпустки», статті 21 {SERVICE}"
    points = [
        f"НАДАТИ {p.dat}, {_position(c, rng, dative=True)}, частину щорічної основної відпустки тривалістю {days} "
        f"календарних днів з {dmy(start)} по {dmy(start + timedelta(days=days - 1))} за робочий рік з "
        f"{dmy(date(day.year - 1, rng.randint(1, 12), 1))}.",
        f"Головному бухгалтеру нарахувати та виплатити допомогу на оздоровлення у розмірі посадового окладу "
        f"відповідно до статті 21 {SERVICE}.",
        f"На період відпустки виконання обов'язків покласти на {person(rng).acc}, {_position(c, rng)}.",
        "Підстава: заява працівника, графік відпусток.",
    ]
    return Piece(title, basis, points, "personnel")


def bonus(c: Council, rng: random.Random, day: date, ref: str = "") -> Piece:
    month = (day.month - 2) % 12
    year = day.year if day.month > 1 else day.year - 1
    title = (f"Про преміювання працівників апарату {c.name_gen} та її виконавчого комітету за {MONTHS_NOM[month]} "
             f"{year} року")
    basis = (f"Відповідно до постанови Кабінету Міністрів України від 09.03.2006 № 268 «Про упорядкування структури "
             f"та умов оплати праці працівників апарату органів виконавчої влади, органів прокуратури, судів та "
             f"інших органів», Положення про преміювання працівників, керуючись статтею 42 {MSV}")
    points = [
        f"Преміювати посадових осіб місцевого самоврядування та службовців апарату {c.name_gen} за особистий внесок "
        f"у загальні результати роботи у {MONTHS_LOC[month]} {year} року в розмірі {rng.choice((20, 30, 40, 50))} "
        f"відсотків посадового окладу в межах фонду преміювання.",
        "Головному бухгалтеру забезпечити нарахування премії в межах затвердженого фонду оплати праці.",
    ]
    return Piece(title, basis, points, "personnel")


def dismissal(c: Council, rng: random.Random, day: date, ref: str = "") -> Piece:
    p = person(rng)
    ground = rng.choice(("за угодою сторін, пункт 1 статті 36 Кодексу законів про працю України",
                         "за власним бажанням, стаття 38 Кодексу законів про працю України",
                         "у зв'язку з переведенням на іншу роботу, пункт 5 статті 36 Кодексу законів про працю "
                         "України"))
    title = f"Про звільнення {p.gen}"
    basis = f"Відповідно до {SERVICE}, керуючись пунктом 10 частини четвертої статті 42 {MSV}"
    points = [
        f"ЗВІЛЬНИТИ {p.acc}, {_position(c, rng)}, {dmy(day)} {ground}.",
        "Головному бухгалтеру провести остаточний розрахунок та виплатити компенсацію за невикористані дні "
        "щорічної відпустки.",
        "Працівнику передати справи та матеріальні цінності за актом приймання-передачі безпосередньому "
        "керівнику до дня звільнення.",
        "Підстава: заява працівника.",
    ]
    return Piece(title, basis, points, "personnel")


def rank(c: Council, rng: random.Random, day: date, ref: str = "") -> Piece:
    p = person(rng)
    level = rng.randint(8, 14)
    title = f"Про присвоєння чергового рангу посадової особи місцевого самоврядування {p.dat}"
    basis = (f"Відповідно до статті 14 {SERVICE}, постанови Кабінету Міністрів України від 26.04.2003 № 633 «Про "
             f"ранги посадових осіб місцевого самоврядування», за сумлінну працю, високий професіоналізм та з "
             f"урахуванням результатів щорічного оцінювання виконання посадовими особами покладених на них "
             f"обов'язків і завдань")
    points = [
        f"Присвоїти {p.dat}, {_position(c, rng, dative=True)}, {level} ранг посадової особи місцевого самоврядування "
        f"в межах {(level + 2) // 3 + 3} категорії посад з {dmy(day)}.",
        "Головному бухгалтеру здійснювати виплату надбавки за ранг відповідно до чинного законодавства.",
        "Підстава: подання керівника структурного підрозділу, висновок щорічного оцінювання.",
    ]
    return Piece(title, basis, points, "personnel")


WORKING_GROUPS = ["підготовки проєкту Стратегії розвитку громади", "інвентаризації земель комунальної власності",
                  "підготовки до осінньо-зимового періоду", "організації пунктів незламності",
                  "розроблення Програми соціально-економічного розвитку", "обстеження пошкоджених об'єктів"]
HOLIDAYS = [("Дня Соборності України", 1), ("Дня Героїв Небесної Сотні", 2), ("Шевченківських днів", 3),
            ("Дня пам'яті та перемоги над нацизмом у Другій світовій війні", 5), ("Дня Конституції України", 6),
            ("Дня Української Державності", 7), ("Дня Незалежності України", 8),
            ("Дня захисників і захисниць України", 10), ("Дня української писемності та мови", 11),
            ("Дня Збройних Сил України", 12)]


def working_group(c: Council, rng: random.Random, day: date, ref: str = "") -> Piece:
    task = rng.choice(WORKING_GROUPS)
    members = [person(rng) for _ in range(rng.randint(4, 7))]
    title = f"Про утворення робочої групи з питань {task}"
    basis = f"З метою організації роботи виконавчих органів {c.name_gen}, керуючись статтею 42 {MSV}"
    points = [
        f"Утворити робочу групу з питань {task} у складі:",
        [f"{m.initials} – {'голова' if i == 0 else 'член'} робочої групи;" for i, m in enumerate(members)],
        "Робочій групі в місячний строк підготувати та подати пропозиції на розгляд виконавчого комітету.",
        "Засідання робочої групи проводити в міру потреби, але не рідше одного разу на два тижні; засідання є "
        "правомочним, якщо на ньому присутні не менше двох третин її складу.",
    ]
    return Piece(title, basis, points, "org")


def inventory(c: Council, rng: random.Random, day: date, ref: str = "") -> Piece:
    title = f"Про проведення річної інвентаризації активів і зобов'язань станом на 01.11.{day.year}"
    basis = ("Відповідно до Закону України «Про бухгалтерський облік та фінансову звітність в Україні», Положення "
             "про інвентаризацію активів та зобов'язань, затвердженого наказом Міністерства фінансів України від "
             f"02.09.2014 № 879, керуючись статтею 42 {MSV}")
    points = [
        f"Провести річну інвентаризацію необоротних активів, запасів, грошових коштів, розрахунків та інших "
        f"статей балансу {c.name_gen} станом на 01.11.{day.year}.",
        "Створити інвентаризаційну комісію та затвердити її склад згідно з додатком.",
        f"Результати інвентаризації оформити протоколом до {dmy(date(day.year, 12, 1))}.",
    ]
    return Piece(title, basis, points, "property")


def holiday(c: Council, rng: random.Random, day: date, ref: str = "") -> Piece:
    name, _month = rng.choice([h for h in HOLIDAYS if (h[1] - day.month) % 12 in (0, 1)])  # this or next month
    title = f"Про підготовку та відзначення {name} у {day.year} році"
    wartime = " в умовах воєнного стану" if day >= date(2022, 2, 24) else ""
    basis = (f"З метою гідного відзначення {name}{wartime}, керуючись статтею 42 {MSV}"
             + (f", відповідно до {ref}" if ref else ""))
    points = [
        f"Затвердити план заходів з підготовки та відзначення {name} у {day.year} році (додається).",
        f"{c.unit_dat('culture')} забезпечити проведення урочистих заходів та покладання квітів до пам'ятних знаків "
        f"у {c.label(c.centre)}" + (" без масового скупчення людей." if wartime else "."),
        f"{c.enterprise} забезпечити прибирання територій біля пам'ятних знаків та святкове оформлення вулиць.",
        "Рекомендувати керівникам закладів освіти та культури провести тематичні уроки, виховні години та "
        "виставки, присвячені відзначенню.",
    ]
    return Piece(title, basis, points, "culture")


def reception(c: Council, rng: random.Random, day: date, ref: str = "") -> Piece:
    title = f"Про затвердження графіка особистого прийому громадян посадовими особами {c.name_gen} на {day.year} рік"
    basis = f"Відповідно до статті 22 Закону України «Про звернення громадян», керуючись статтею 42 {MSV}"
    points = [
        f"Затвердити графік особистого прийому громадян {c.adj}им головою, заступниками та секретарем ради на "
        f"{day.year} рік (додається).",
        f"Особистий прийом громадян здійснювати щопонеділка з 9:00 до 12:00 у приміщенні {c.name_gen} "
        f"({c.office}), у віддалених населених пунктах – за графіком виїзних прийомів.",
        "Першочергово приймати ветеранів війни, осіб з інвалідністю, багатодітних матерів, внутрішньо "
        "переміщених осіб та членів сімей загиблих (померлих) Захисників і Захисниць України.",
        f"{c.unit_dat('org')} забезпечити оприлюднення графіка на офіційному вебсайті {c.name_gen}.",
    ]
    return Piece(title, basis, points, "org")


# Families whose acts belong to some months: (first month, last month).
SEASONS = {"inventory": (10, 10), "reception": (1, 1), "school_meals": (8, 9), "class_network": (3, 5),
           "school_bus_routes": (8, 8), "land_auction": (2, 10)}

# family name → (function, body, weight in `generate`): body is council | executive | order_od | order_k
FAMILIES: dict[str, tuple[Callable[..., Piece], str, int]] = {
    "land_permission": (land_permission, "council", 14), "land_project": (land_project, "council", 10),
    "land_boundaries": (land_boundaries, "council", 9), "land_lease": (land_lease, "council", 6),
    "land_lease_renewal": (land_lease_renewal, "council", 2), "land_auction": (land_auction, "council", 2),
    "land_refusal": (land_refusal, "council", 2), "property_transfer": (property_transfer, "council", 4),
    "privatisation": (privatisation, "council", 1), "property_acceptance": (property_acceptance, "council", 2),
    "property_lease": (property_lease, "executive", 3), "property_writeoff": (property_writeoff, "executive", 3),
    "material_aid": (material_aid, "executive", 6), "child_status": (child_status, "executive", 2),
    "housing_queue": (housing_queue, "executive", 2), "road_docs": (road_docs, "executive", 3),
    "lighting": (lighting, "executive", 2), "water_supply": (water_supply, "executive", 2),
    "tree_removal": (tree_removal, "executive", 3), "address_assignment": (address_assignment, "executive", 5),
    "temporary_structure": (temporary_structure, "executive", 2), "reserve_fund": (reserve_fund, "executive", 2),
    "school_meals": (school_meals, "executive", 1), "class_network": (class_network, "executive", 1),
    "school_bus_routes": (school_bus_routes, "executive", 1),
    "appointment": (appointment, "order_k", 4), "vacation": (vacation, "order_k", 6), "bonus": (bonus, "order_k", 3),
    "dismissal": (dismissal, "order_k", 2), "rank": (rank, "order_k", 2),
    "working_group": (working_group, "order_od", 2), "inventory": (inventory, "order_od", 1),
    "holiday": (holiday, "order_od", 2), "reception": (reception, "order_od", 1),
}


# --- the corpus builder --------------------------------------------------------------------------------------


@dataclass(eq=False)
class Act:
    type: str
    day: date
    title: str
    text: str
    status: str
    author_unit: str
    control_unit: str = ""
    topics: list[str] = field(default_factory=list)
    number: str = ""
    series: str = ""  # «од», «к», «ПР»: numbered in date order when the corpus is complete
    session: int | None = None
    published_at: str = ""
    consideration: date | None = None
    relations: list[tuple[str, Act]] = field(default_factory=list)

    def cite(self, c: Council, by: bool = False) -> str:
        """How another act quotes this one: «рішення … ради від 04.05.2023 № 2311-25/VIII «Про …»»; `by` gives
        the instrumental case, as after «затвердженої»."""
        word = "рішенням" if by else "рішення"
        body = f"{word} {c.name_gen}" if self.session else f"{word} виконавчого комітету {c.name_gen}"
        return f"{body} від {dmy(self.day)} № {self.number} «{self.title}»"

    def record(self) -> dict:
        out = {"number": self.number, "date": self.day.isoformat(), "type": self.type, "title": self.title,
               "text": self.text, "status": self.status}
        if self.session:
            out |= {"convocation": CONVOCATION, "session": self.session}
        out |= {"author_unit": self.author_unit, "control_unit": self.control_unit, "topics": self.topics}
        if self.published_at:
            out["published_at"] = self.published_at
        if self.consideration:
            out["consideration_date"] = self.consideration.isoformat()
        out["relations"] = [{"kind": kind, "number": target.number, "date": target.day.isoformat()}
                            for kind, target in self.relations]
        return out


TYPE_RANK = {"agenda": 0, "head_order": 1, "council_decision": 2, "regulatory_act": 2, "executive_decision": 3,
             "protocol": 4, "draft_decision": 5}


def _leading_number(number: str) -> int:
    digits = "".join(ch for ch in number.split("-")[-1 if number.startswith("ПР") else 0] if ch.isdigit())
    return int(digits or 0)


class Builder:
    """Collects one hromada's acts, numbering them as its secretary would."""

    def __init__(self, c: Council, seed: int) -> None:
        self.c = c
        self.rng = Dice(seed)  # demo data, not secrets
        self.acts: list[Act] = []
        self.cursor: dict[tuple, int] = {}
        self.taken: set[tuple] = set()
        self.order_days: set[tuple[str, date]] = set()

    # Numbers. Council decisions run through the convocation, each session using up a block of numbers
    # («2311-25/VIII»); executive decisions start from 1 each year, each monthly meeting using up a block.

    def _take(self, block: tuple, space: tuple, first: int, size: int, fixed: int | None) -> int:
        if fixed is not None:
            assert first <= fixed < first + size and (space, fixed) not in self.taken, (block, fixed)
            self.taken.add((space, fixed))
            return fixed
        number = self.cursor.get(block, first - 1) + self.rng.randint(1, max(1, size // 12))
        while (space, number) in self.taken:
            number += 1
        if number >= first + size:
            raise ValueError(f"no numbers left in {block}")
        self.cursor[block] = number
        self.taken.add((space, number))
        return number

    def council_number(self, session: int, fixed: int | None = None) -> str:
        size = self.c.per_session
        number = self._take(("session", session), ("council",), (session - 1) * size + 1, size, fixed)
        return f"{number}-{session}/VIII"

    def executive_number(self, day: date, fixed: int | None = None) -> str:
        size = self.c.per_meeting
        return str(self._take(("meeting", day.year, day.month), ("executive", day.year),
                              (day.month - 1) * size + 1, size, fixed))

    # Days.

    def session_day(self, session: int) -> date:
        return self.c.sessions[session]

    def session_in(self, year: int, month: int) -> int:
        """The first session held in that month or later."""
        start = date(year, month, 1)
        return min(number for number, day in self.c.sessions.items() if day >= start)

    def random_session(self, first: date = FIRST_DAY, last: date = LAST_DAY) -> int:
        return self.rng.choice([n for n, day in self.c.sessions.items() if first <= day <= last])

    def random_meeting(self, first: date = FIRST_DAY, last: date = LAST_DAY) -> date:
        months = [(y, m) for y in range(first.year, last.year + 1) for m in range(1, 13)
                  if first <= exec_meeting_day(y, m) <= last]
        return exec_meeting_day(*self.rng.choice(months))

    def random_order_day(self, series: str, first: date = FIRST_DAY, last: date = LAST_DAY) -> date:
        while True:
            day = workday(first + timedelta(days=self.rng.randint(0, (last - first).days)))
            if day <= last and (series, day) not in self.order_days:
                self.order_days.add((series, day))
                return day

    def published(self, day: date, lag: tuple[int, int] = (1, 5)) -> str:
        shown = min(workday(day + timedelta(days=self.rng.randint(*lag))), LAST_DAY)
        return timestamp(max(shown, day), self.rng.randint(9, 17), self.rng.randrange(0, 60, 5))

    # Acts.

    def _add(self, act: Act, relations: list) -> Act:
        act.relations = list(relations)
        self.acts.append(act)
        return act

    def council(self, piece: Piece, session: int, *, status: str = "adopted", regulatory: bool = False,
                fixed: int | None = None, relations: tuple = (), text: str = "", control: str = "") -> Act:
        day = self.session_day(session)
        act = Act("regulatory_act" if regulatory else "council_decision", day, piece.title,
                  text or council_text(self.c, piece), status, self.c.unit(piece.topic), control,
                  [TOPICS[piece.topic]], self.council_number(session, fixed), session=session,
                  published_at=self.published(day, (2, 7)))
        return self._add(act, relations)

    def executive(self, piece: Piece, day: date, *, status: str = "adopted", regulatory: bool = False,
                  fixed: int | None = None, relations: tuple = (), text: str = "", control: str = "") -> Act:
        act = Act("regulatory_act" if regulatory else "executive_decision", day, piece.title,
                  text or executive_text(self.c, piece), status, self.c.unit(piece.topic), control,
                  [TOPICS[piece.topic]], self.executive_number(day, fixed), published_at=self.published(day))
        return self._add(act, relations)

    def order(self, piece: Piece, day: date | None = None, *, series: str = "од", status: str = "adopted",
              relations: tuple = ()) -> Act:
        if day is None:
            day = self.random_order_day(series)
        else:
            self.order_days.add((series, day))
        control = self.c.unit("personnel") if series == "к" else ""
        act = Act("head_order", day, piece.title, order_text(self.c, piece), status, self.c.unit(piece.topic),
                  control, [TOPICS[piece.topic]], series=series, published_at=self.published(day, (0, 2)))
        return self._add(act, relations)

    def draft(self, piece: Piece, day: date, consideration: int | None, *, executive: bool = False,
              relations: tuple = ()) -> Act:
        """A draft decision of the council (or of the executive committee), published before its session."""
        author = DEPARTMENT_CASES[self.c.unit(piece.topic)][0]
        text = executive_text(self.c, piece) if executive else council_text(self.c, piece)
        text += f"\nПроєкт підготовлено: {author}."
        act = Act("draft_decision", day, piece.title, text, "draft", self.c.unit(piece.topic), "",
                  [TOPICS[piece.topic]], series="ПР", published_at=timestamp(day, 16, 30))
        if consideration is not None:
            act.session = None if executive else consideration
            act.consideration = exec_meeting_day(day.year, day.month) if executive else self.session_day(
                consideration)
        return self._add(act, relations)

    def family(self, name: str, ref: str = "", *, day: date | None = None, session: int | None = None,
               within: tuple[date, date] = (FIRST_DAY, LAST_DAY), relations: tuple = (), **kwargs) -> Act:
        """An act drawn from a template family, placed on a random session, meeting or day (within the given
        dates and the family's season) unless given."""
        function, body, _weight = FAMILIES[name]
        first, last = self._season(SEASONS[name], *within) if name in SEASONS else within
        if body == "council":
            session = session or self.random_session(first, last)
            piece = function(self.c, self.rng, self.session_day(session), ref, **kwargs)
            return self.council(piece, session, relations=relations)
        if body == "executive":
            day = day or self.random_meeting(first, last)
            return self.executive(function(self.c, self.rng, day, ref, **kwargs), day, relations=relations)
        series = "к" if body == "order_k" else "од"
        day = day or self.random_order_day(series, first, last)
        return self.order(function(self.c, self.rng, day, ref, **kwargs), day, series=series,
                          relations=relations)

    def _season(self, months: tuple[int, int], first: date, last: date) -> tuple[date, date]:
        """The family's months in a random year wholly between `first` and `last` (else the whole span)."""
        windows = [(date(year, months[0], 1), month_end(year, months[1]))
                   for year in range(first.year, last.year + 1)]
        windows = [(start, end) for start, end in windows if first <= start and end <= last]
        return self.rng.choice(windows) if windows else (first, last)

    # Finishing: numbers in date order, statuses from incoming relations, targets first.

    def finish(self) -> list[dict]:
        self._number_series()
        for act in self.acts:
            for kind, target in act.relations:
                assert target.day < act.day, (act.title, target.title)
                if kind in STATUS_BY_RELATION:
                    target.status = _stronger(target.status, STATUS_BY_RELATION[kind])
        index = {id(act): i for i, act in enumerate(self.acts)}
        ordered = sorted(self.acts, key=lambda a: (a.day, TYPE_RANK[a.type], _leading_number(a.number),
                                                   index[id(a)]))
        return [act.record() for act in ordered]

    def _number_series(self) -> None:
        rates = {"од": self.c.order_rates[0], "к": self.c.order_rates[1], "ПР": 0.6}
        groups: dict[tuple[str, int], list[Act]] = defaultdict(list)
        for act in self.acts:
            if act.series:
                groups[act.series, act.day.year].append(act)
        for (series, _year), acts in groups.items():
            previous = 0
            for act in sorted(acts, key=lambda a: a.day):
                previous = max(previous + 1, round(act.day.timetuple().tm_yday * rates[series]))
                act.number = f"ПР-{previous}" if series == "ПР" else f"{previous}-{series}"


def _stronger(current: str, incoming: str) -> str:
    order = ["amended", "suspended", "repealed"]
    if current not in order:
        return incoming
    return max(current, incoming, key=order.index)


# --- curated chains ------------------------------------------------------------------------------------------


class Programme(NamedTuple):
    key: str
    name: str  # after «Програма»: «соціального захисту населення {hromada} на {period} роки»
    topic: str
    aim: str
    measures: tuple[str, ...]
    added: tuple[str, ...]  # measures that amendments add
    volume: float  # thousands of hryvnias
    period: str
    adopted: tuple[int, int]  # (year, month) of the session
    amended: tuple[tuple[int, int], ...]
    successor: str = ""  # the period of the programme adopted to continue it

    def title(self, c: Council, case: str = "nom", period: str = "") -> str:
        word = {"nom": "Програма", "gen": "Програми", "acc": "Програму"}[case]
        return f"{word} {self.name.format(hromada=c.hromada_gen, period=period or self.period)}"


PROGRAMMES = [
    Programme("social", "соціального захисту населення {hromada} на {period} роки", "social",
              "посилення соціального захисту малозабезпечених верств населення, осіб з інвалідністю, одиноких "
              "непрацездатних громадян та сімей, які опинилися в складних життєвих обставинах",
              ("надання одноразової матеріальної допомоги на лікування",
               "надання матеріальної допомоги громадянам, які опинилися в складних життєвих обставинах",
               "відшкодування вартості послуг з поховання", "забезпечення твердим паливом одиноких громадян"),
              ("надання матеріальної допомоги особам, звільненим з полону",), 4200.0, "2022-2025", (2021, 12),
              ((2023, 6),), "2026-2028"),
    Programme("veterans", "підтримки учасників бойових дій, членів їх сімей та членів сімей загиблих (померлих) "
              "Захисників і Захисниць України на {period} роки", "veterans",
              "вшанування Захисників і Захисниць України та соціальна підтримка учасників бойових дій і членів "
              "їх сімей", ("надання матеріальної допомоги учасникам бойових дій",
                           "надання матеріальної допомоги членам сімей загиблих (померлих) Захисників",
                           "встановлення меморіальних дошок загиблим Захисникам"),
              ("психологічна реабілітація ветеранів війни", "облаштування Алеї Слави"), 6800.0, "2023-2025",
              (2022, 12), ((2024, 4),), "2026-2028"),
    Programme("idp", "підтримки внутрішньо переміщених осіб, які проживають на території {hromada}, на {period} "
              "роки", "idp", "соціальна адаптація та інтеграція внутрішньо переміщених осіб у громаді",
              ("надання матеріальної допомоги внутрішньо переміщеним особам",
               "облаштування місць тимчасового проживання", "забезпечення засобами гігієни та продуктовими наборами"),
              (), 1900.0, "2023-2025", (2023, 2), (), "2026-2028"),
    Programme("roads", "розвитку та утримання автомобільних доріг комунальної власності {hromada} на {period} "
              "роки", "roads", "забезпечення належного транспортно-експлуатаційного стану вулиць і доріг",
              ("поточний ремонт доріг комунальної власності", "ямковий ремонт асфальтобетонного покриття",
               "грейдерування ґрунтових доріг", "зимове утримання доріг"),
              ("облаштування тротуарів біля закладів освіти", "встановлення дорожніх знаків"), 24500.0, "2022-2026",
              (2021, 12), ((2023, 9), (2025, 4))),
    Programme("lighting", "розвитку мережі вуличного освітлення населених пунктів {hromada} на {period} роки",
              "utilities", "забезпечення населених пунктів громади енергоефективним вуличним освітленням",
              ("заміна ламп розжарювання на світлодіодні світильники", "влаштування нових ліній освітлення",
               "встановлення шаф керування з астрономічними реле"), ("оплата електроенергії",), 3600.0,
              "2021-2025", (2021, 2), ((2022, 6),), "2026-2028"),
    Programme("utilities", "реформування і розвитку житлово-комунального господарства {hromada} на {period} роки",
              "utilities", "підвищення якості житлово-комунальних послуг та зменшення втрат у мережах",
              ("ремонт мереж водопостачання", "придбання глибинних насосів", "облаштування майданчиків для "
               "збирання твердих побутових відходів"), (), 9800.0, "2022-2025", (2021, 12), (), "2026-2028"),
    Programme("school_bus", "«Шкільний автобус» {hromada} на {period} роки", "education",
              "забезпечення безоплатного підвезення учнів і педагогічних працівників до закладів освіти",
              ("придбання шкільного автобуса", "утримання та ремонт шкільних автобусів",
               "придбання паливно-мастильних матеріалів"), ("страхування пасажирів",), 5200.0, "2021-2025",
              (2021, 2), ((2023, 7),), "2026-2028"),
    Programme("defence", "підтримки Збройних Сил України, Національної гвардії України та заходів територіальної "
              "оборони на {period} роки", "defence",
              "сприяння обороноздатності держави та підтримка військових частин, що захищають громаду",
              ("придбання засобів зв'язку та генераторів для військових частин",
               "надання субвенції державному бюджету для військових частин"), ("придбання дронів",), 12000.0,
              "2024-2026", (2023, 12), ((2024, 9), (2025, 6))),
    Programme("culture", "розвитку культури, молоді, фізичної культури і спорту {hromada} на {period} роки",
              "culture", "збереження культурної спадщини та розвиток аматорського мистецтва і спорту",
              ("проведення загальногромадських свят", "підтримка аматорських колективів",
               "проведення спортивних змагань"), (), 2100.0, "2022-2025", (2021, 12), (), "2026-2028"),
]


def programme_piece(c: Council, rng: random.Random, programme: Programme, period: str = "") -> Piece:
    title = f"Про затвердження {programme.title(c, 'gen', period)}"
    basis = (f"З метою {programme.aim.split(' та ')[0]}, відповідно до {BK}, керуючись пунктом 22 частини "
             f"першої статті 26 {MSV}")
    volume = programme.volume * (1.3 if period else 1.0)
    points = [
        f"Затвердити {programme.title(c, 'acc', period)} (далі – Програма), що додається.",
        f"Мета Програми – {programme.aim}.", "Основні заходи Програми:", enumeration(programme.measures),
        f"Орієнтовний обсяг фінансування Програми – {thousands(volume)} тис. гривень за рахунок коштів "
        f"{c.budget_gen} та інших джерел, не заборонених законодавством.",
        f"Відповідальному виконавцю Програми ({c.unit(programme.topic)}) щороку до 1 лютого інформувати {c.adj}у "
        f"раду про хід виконання Програми.",
    ]
    return Piece(title, basis, points, programme.topic)


def programme_amendment(c: Council, rng: random.Random, programme: Programme, act: Act, measure: str) -> Piece:
    old = programme.volume
    new = old * rng.uniform(1.1, 1.5)
    title = f"Про внесення змін до {programme.title(c, 'gen')}"
    basis = (f"З метою забезпечення виконання заходів {programme.title(c, 'gen')}, враховуючи пропозиції "
             f"відповідального виконавця, керуючись пунктом 22 частини першої статті 26 {MSV}")
    points = [
        f"Внести зміни до {programme.title(c, 'gen')}, затвердженої рішенням {c.short_gen} від {dmy(act.day)} "
        f"№ {act.number}, а саме:",
        [f"у паспорті Програми збільшити загальний обсяг фінансування з {thousands(old)} тис. гривень до "
         f"{thousands(new)} тис. гривень;", f"доповнити перелік заходів Програми заходом «{measure}»;"],
        "Інші положення Програми залишити без змін.",
    ]
    return Piece(title, basis, points, programme.topic)


def defence_subvention(c: Council, rng: random.Random, day: date, ref: str) -> Piece:
    unit = f"А{rng.randint(1000, 7999)}"
    amount = rng.uniform(200_000, 2_500_000)
    title = (f"Про надання субвенції з {c.budget_gen} державному бюджету на виконання програм соціально-економічного "
             f"розвитку регіонів (військова частина {unit})")
    basis = (f"Розглянувши звернення командира військової частини {unit}, відповідно до статей 93, 101 {BK}, "
             f"{ref}, керуючись пунктом 23 частини першої статті 26 {MSV}")
    points = [
        f"Надати субвенцію з {c.budget_gen} державному бюджету у сумі {money(amount)} гривень для військової "
        f"частини {unit} на придбання засобів зв'язку, генераторів та паливно-мастильних матеріалів.",
        f"Доручити {c.head_dat} укласти договір про передачу субвенції з Державною казначейською службою.",
    ]
    return Piece(title, basis, points, "defence")


def programme_chains(b: Builder) -> dict[str, Act]:
    """Each programme: its approval, amendments, the acts implementing it, and its successor."""
    c, rng = b.c, b.rng
    approvals = {}
    for programme in PROGRAMMES:
        session = b.session_in(*programme.adopted)
        act = b.council(programme_piece(c, rng, programme), session, status="in_force")
        approvals[programme.key] = act
        extra = list(programme.added) or ["інформування населення про хід виконання Програми"]
        for index, when in enumerate(programme.amended):
            piece = programme_amendment(c, rng, programme, act, extra[index % len(extra)])
            b.council(piece, b.session_in(*when), relations=[("amends", act)])
        ref = f"{programme.title(c, 'gen')}, затвердженої {act.cite(c, by=True)}"
        _implementations(b, programme, act, ref)
        if programme.successor:
            piece = programme_piece(c, rng, programme, programme.successor)
            b.council(piece, b.session_in(2025, 12), status="in_force", relations=[("related", act)])
    return approvals


def _implementations(b: Builder, programme: Programme, act: Act, ref: str) -> None:
    """Acts carrying out a programme, spread over its period (each in its own part of it)."""
    key = programme.key
    families = {"social": ["material_aid"] * 3, "veterans": ["material_aid"] * 3, "idp": ["material_aid"] * 2,
                "roads": ["road_docs"] * 3, "lighting": ["lighting"] * 2, "utilities": ["water_supply"] * 2,
                "school_bus": ["school_bus_routes"] * 2, "defence": ["subvention"] * 2, "culture": ["holiday"] * 2}
    aid = {"social": ("social", "hardship", "social"), "veterans": ("veterans",) * 3, "idp": ("idp", "idp")}
    first = act.day + timedelta(days=20)
    last = min(LAST_DAY, date(int(programme.period[-4:]), 12, 31))
    parts = families[key]
    step = (last - first) / len(parts)
    links = (("implements", act),)
    for index, family in enumerate(parts):
        within = (first + step * index, first + step * (index + 1))
        if family == "subvention":
            session = b.random_session(*within)
            piece = defence_subvention(b.c, b.rng, b.session_day(session), f"відповідно до {ref}")
            b.council(piece, session, relations=links)
        elif family == "material_aid":
            b.family(family, ref, within=within, relations=links, kind=aid[key][index])
        else:
            b.family(family, ref, within=within, relations=links)


BUDGET_SOURCES = ["перевиконання дохідної частини загального фонду за податком на доходи фізичних осіб",
                  "вільного залишку коштів загального фонду, що склався станом на 01 січня",
                  "субвенції з обласного бюджету", "перевиконання надходжень єдиного податку"]
BUDGET_PURPOSES = ["поточний ремонт покрівлі {school}", "облаштування найпростішого укриття {school}",
                   "придбання генераторів для закладів освіти", "поточний ремонт доріг комунальної власності",
                   "надання субвенції державному бюджету на підтримку Збройних Сил України",
                   "оплату енергоносіїв бюджетними установами", "співфінансування придбання шкільного автобуса",
                   "виплату матеріальної допомоги членам сімей загиблих Захисників"]


def budget_piece(c: Council, year: int, revenue: float) -> Piece:
    general, special = revenue * 0.94, revenue * 0.06
    spend_general, spend_special = general * 0.97, special * 1.45
    title = f"Про бюджет {c.hromada_gen} на {year} рік"
    basis = f"Відповідно до статей 75-77 {BK}, керуючись пунктом 23 частини першої статті 26 {MSV}"
    points = [
        f"Визначити на {year} рік:",
        [f"доходи {c.budget_gen} у сумі {money(revenue)} гривень, у тому числі доходи загального фонду – "
         f"{money(general)} гривень та доходи спеціального фонду – {money(special)} гривень згідно з додатком 1;",
         f"видатки {c.budget_gen} у сумі {money(spend_general + spend_special)} гривень, у тому числі видатки "
         f"загального фонду – {money(spend_general)} гривень та видатки спеціального фонду – "
         f"{money(spend_special)} гривень;",
         f"профіцит за загальним фондом у сумі {money(general - spend_general)} гривень та дефіцит за спеціальним "
         f"фондом у сумі {money(spend_special - special)} гривень згідно з додатком 2;",
         f"оборотний залишок бюджетних коштів у сумі {money(general * 0.002)} гривень;",
         f"резервний фонд {c.budget_gen} у сумі {money(general * 0.008)} гривень."],
        f"Затвердити бюджетні призначення головним розпорядникам коштів {c.budget_gen} на {year} рік у розрізі "
        f"відповідальних виконавців за бюджетними програмами згідно з додатком 3.",
        f"Затвердити на {year} рік розподіл витрат {c.budget_gen} на реалізацію місцевих програм згідно з "
        f"додатком 4.",
        f"Визначити на {year} рік відповідно до статті 55 {BK} захищеними видатками: оплату праці працівників "
        f"бюджетних установ, нарахування на заробітну плату, придбання медикаментів та перев'язувальних "
        f"матеріалів, забезпечення продуктами харчування, оплату комунальних послуг та енергоносіїв, поточні "
        f"трансферти населенню.",
        f"Надати право {c.head_dat} отримувати у порядку, визначеному Кабінетом Міністрів України, позики на "
        f"покриття тимчасових касових розривів {c.budget_gen}.",
        f"Це рішення набирає чинності з 1 січня {year} року та підлягає оприлюдненню в десятиденний строк з дня "
        f"його прийняття відповідно до частини четвертої статті 28 {BK}.",
    ]
    return Piece(title, basis, points, "budget")


def budget_amendment(c: Council, rng: random.Random, budget: Act, year: int) -> Piece:
    school = INSTITUTION_GEN[rng.choice(schools(c))]
    purposes = [p.format(school=school) for p in rng.sample(BUDGET_PURPOSES, 3)]
    amounts = [rng.uniform(150_000, 2_800_000) for _ in purposes]
    title = f"Про внесення змін до рішення {c.short_gen} від {dmy(budget.day)} № {budget.number} «{budget.title}»"
    basis = f"Відповідно до статей 23, 72, 78 {BK}, керуючись пунктом 23 частини першої статті 26 {MSV}"
    points = [
        f"Збільшити доходи загального фонду {c.budget_gen} на {year} рік на {money(sum(amounts))} гривень за "
        f"рахунок {rng.choice(BUDGET_SOURCES)}.",
        "Спрямувати додаткові кошти на:", [f"{p} – {money(a)} гривень;" for p, a in zip(purposes, amounts,
                                                                                    strict=True)],
        f"Внести відповідні зміни до додатків 1, 3, 4 рішення {c.short_gen} від {dmy(budget.day)} "
        f"№ {budget.number} «{budget.title}».",
    ]
    return Piece(title, basis, points, "budget")


def budget_report(c: Council, rng: random.Random, year: int, period: str = "") -> Piece:
    spent = rng.uniform(91.5, 99.2)
    got = rng.uniform(97.5, 108.4)
    when = f"{period} {year} року" if period else f"{year} рік"
    verb = "схвалення" if period else "затвердження"
    title = f"Про {verb} звіту про виконання {c.budget_gen} за {when}"
    basis = f"Відповідно до статті 80 {BK}, керуючись статтею 28 {MSV}"
    points = [
        f"{'Схвалити' if period else 'Затвердити'} звіт про виконання {c.budget_gen} за {when} по доходах "
        f"у сумі {money(c.revenue_2022 * (1 + 0.07 * (year - 2022)) * got / 100 * (0.25 if period else 1))} "
        f"гривень ({decimal(got)} відсотка до уточнених планових показників) та по видатках "
        f"({decimal(spent)} відсотка до уточненого плану) згідно з додатками 1-3.",
        "Головним розпорядникам бюджетних коштів забезпечити економне та ефективне використання бюджетних коштів.",
    ]
    return Piece(title, basis, points, "budget")


def budget_chain(b: Builder) -> dict[int, Act]:
    c, rng = b.c, b.rng
    budgets = {}
    revenue = c.revenue_2022
    for year in range(2022, 2027):
        budget = b.council(budget_piece(c, year, revenue), b.session_in(year - 1, 12), status="in_force",
                           control=c.unit("budget"))
        budgets[year] = budget
        months = sorted(rng.sample(range(2, 11), 3 if year < 2026 else 2))
        for month in months:
            b.council(budget_amendment(c, rng, budget, year), b.session_in(year, month),
                      relations=[("amends", budget)], control=c.unit("budget"))
        b.executive(budget_report(c, rng, year, "І квартал"), exec_meeting_day(year, 5),
                    relations=[("related", budget)])
        if year <= 2025:
            b.council(budget_report(c, rng, year), b.session_in(year + 1, 2), relations=[("related", budget)])
        revenue *= rng.uniform(1.06, 1.12)
    b.council(budget_report(c, rng, 2021), b.session_in(2022, 2))
    for year in (2023, 2024, 2025, 2026):
        piece = Piece(f"Про схвалення прогнозу {c.budget_gen} на {year + 1}-{year + 3} роки",
                      f"Відповідно до статті 75-1 {BK}, керуючись статтею 28 {MSV}",
                      [f"Схвалити прогноз {c.budget_gen} на {year + 1}-{year + 3} роки (додається).",
                       f"Подати прогноз {c.budget_gen} на розгляд {c.name_gen} разом з проєктом рішення про "
                       f"бюджет на {year + 1} рік."], "budget")
        b.executive(piece, exec_meeting_day(year, 8))
    return budgets


def taxes_piece(c: Council, rng: random.Random, year: int, previous: Act | None = None) -> Piece:
    title = f"Про встановлення місцевих податків і зборів на території {c.hromada_gen} на {year} рік"
    basis = (f"Відповідно до статей 7, 10, 12, 266, 267, 268, 293 {PK}, {REGULATORY}, керуючись пунктом 24 "
             f"частини першої статті 26 {MSV}")
    points = [
        f"Встановити на території {c.hromada_gen} на {year} рік:",
        [f"податок на нерухоме майно, відмінне від земельної ділянки: для об'єктів житлової нерухомості – "
         f"{rng.choice(('0,1', '0,2'))} відсотка, для об'єктів нежитлової нерухомості – {rng.choice(('0,5', '1'))} "
         f"відсотка розміру мінімальної заробітної плати за 1 кв. метр бази оподаткування;",
         "транспортний податок за ставкою 25 000 гривень на рік за кожен легковий автомобіль, що відповідає "
         "критеріям підпункту 267.2.1 статті 267 Податкового кодексу України;",
         f"єдиний податок для першої групи платників – {rng.choice((5, 10))} відсотків розміру прожиткового "
         f"мінімуму для працездатних осіб, для другої групи – {rng.choice((15, 20))} відсотків розміру "
         f"мінімальної заробітної плати;",
         "туристичний збір за ставкою 0,5 відсотка розміру мінімальної заробітної плати за одну добу тимчасового "
         "розміщення для внутрішнього туризму та 1 відсоток – для в'їзного туризму."],
        "Затвердити Положення про податок на нерухоме майно, відмінне від земельної ділянки, та Положення про "
        "туристичний збір (додаються).",
    ]
    if previous:
        points.append(f"Визнати таким, що втратило чинність з 01 січня {year} року, {previous.cite(c)}.")
    points += [f"Копію рішення у десятиденний строк надіслати до Головного управління ДПС у Дніпропетровській "
               f"області та оприлюднити на офіційному вебсайті {c.name_gen}.",
               f"Рішення набирає чинності з 01 січня {year} року."]
    return Piece(title, basis, points, "taxes")


def land_tax_piece(c: Council, rng: random.Random, year: int, previous: Act | None = None) -> Piece:
    title = f"Про встановлення ставок та пільг із сплати земельного податку на території {c.hromada_gen} на {year} рік"
    basis = f"Відповідно до статей 12, 269-289 {PK}, {REGULATORY}, керуючись пунктом 24 частини першої статті 26 {MSV}"
    points = [
        f"Встановити на території {c.hromada_gen} ставки земельного податку за земельні ділянки, нормативну "
        f"грошову оцінку яких проведено: для ріллі, сіножатей і пасовищ – {rng.choice(('0,8', '1'))} відсотка, для "
        f"земель житлової забудови – 0,3 відсотка, для земель промисловості – {rng.choice(('3', '5'))} відсотка від "
        f"їх нормативної грошової оцінки (додаток 1).",
        "Звільнити від сплати земельного податку заклади освіти, культури, охорони здоров'я та соціального "
        "захисту, що повністю утримуються за рахунок бюджету громади (додаток 2).",
    ]
    if previous:
        points.append(f"Визнати таким, що втратило чинність з 01 січня {year} року, {previous.cite(c)}.")
    points.append(f"Рішення набирає чинності з 01 січня {year} року.")
    return Piece(title, basis, points, "taxes")


def taxes_war_amendment(c: Council, act: Act) -> Piece:
    title = f"Про внесення змін до рішення {c.short_gen} від {dmy(act.day)} № {act.number} «{act.title}»"
    basis = (f"У зв'язку з введенням воєнного стану в Україні Указом Президента України від 24.02.2022 № 64/2022, "
             f"з метою підтримки суб'єктів господарювання та внутрішньо переміщених осіб, відповідно до {PK}, "
             f"{REGULATORY}, керуючись пунктом 24 частини першої статті 26 {MSV}")
    points = [
        f"Внести зміни до {act.cite(c)}, доповнивши його пунктом такого змісту: «Звільнити від сплати податку на "
        f"нерухоме майно, відмінне від земельної ділянки, за 2022 рік власників об'єктів нежитлової нерухомості, "
        f"які безоплатно надають приміщення для розміщення внутрішньо переміщених осіб».",
        "Рішення набирає чинності з дня його оприлюднення.",
    ]
    return Piece(title, basis, points, "taxes")


def rules_piece(c: Council, previous: Act | None = None) -> Piece:
    title = f"Про затвердження Правил благоустрою території населених пунктів {c.hromada_gen}"
    basis = (f"Відповідно до {IMPROVEMENT}, наказу Міністерства регіонального розвитку, будівництва та "
             f"житлово-комунального господарства України від 27.11.2017 № 310 «Про затвердження Типових правил "
             f"благоустрою території населеного пункту», {REGULATORY}, керуючись пунктом 44 частини першої статті "
             f"26 {MSV}")
    points = [
        f"Затвердити Правила благоустрою території населених пунктів {c.hromada_gen} (додаються).",
        "Правилами визначено вимоги до утримання прибудинкових територій, зелених насаджень, доріг і тротуарів, "
        "зовнішнього освітлення, вивезення побутових відходів, розміщення зовнішньої реклами та тимчасових "
        "споруд, утримання домашніх тварин, а також відповідальність за порушення Правил.",
        f"Правила є обов'язковими для виконання всіма фізичними та юридичними особами на території "
        f"{c.hromada_gen}.",
    ]
    if previous:
        points.append(f"Визнати таким, що втратило чинність, {previous.cite(c)}.")
    points.append("Рішення набирає чинності з дня його оприлюднення.")
    return Piece(title, basis, points, "improvement")


def structures_order_piece(c: Council) -> Piece:
    title = (f"Про затвердження Порядку розміщення тимчасових споруд для провадження підприємницької діяльності на "
             f"території {c.hromada_gen}")
    basis = (f"Відповідно до статті 28 Закону України «Про регулювання містобудівної діяльності», наказу "
             f"Міністерства регіонального розвитку, будівництва та житлово-комунального господарства України від "
             f"21.10.2011 № 244, {REGULATORY}, керуючись статтею 26 {MSV}")
    points = [
        f"Затвердити Порядок розміщення тимчасових споруд для провадження підприємницької діяльності на території "
        f"{c.hromada_gen} (додається).",
        "Встановити, що паспорт прив'язки тимчасової споруди видається строком на п'ять років.",
        "Рішення набирає чинності з дня його оприлюднення.",
    ]
    return Piece(title, basis, points, "improvement")


def tariff_piece(c: Council, rng: random.Random, service: str, previous: Act | None = None) -> Piece:
    if service == "water":
        title = (f"Про встановлення тарифів на послуги з централізованого водопостачання та централізованого "
                 f"водовідведення, що надаються {c.enterprise}")
        rates = (f"тарифи на централізоване водопостачання – {money(rng.uniform(24, 42))} гривні за 1 куб. метр, на "
                 f"централізоване водовідведення – {money(rng.uniform(20, 38))} гривні за 1 куб. метр (з ПДВ)")
    else:
        title = f"Про встановлення тарифу на послугу з управління побутовими відходами, що надається {c.enterprise}"
        rates = (f"тариф на послугу з управління побутовими відходами – {money(rng.uniform(320, 460))} гривні за "
                 f"1 куб. метр (з ПДВ)")
    basis = (f"Розглянувши розрахунки {c.enterprise}, відповідно до {UTILITY_SERVICES}, постанови Кабінету "
             f"Міністрів України від 01.06.2011 № 869 «Про забезпечення єдиного підходу до формування тарифів на "
             f"житлово-комунальні послуги», {REGULATORY}, керуючись статтею 28 {MSV}")
    points = [f"Встановити {rates}.",
              f"{c.enterprise} довести тарифи до відома споживачів не пізніше ніж за 30 днів до їх введення."]
    if previous:
        points.append(f"Визнати таким, що втратило чинність, {previous.cite(c)}.")
    return Piece(title, basis, points, "utilities")


def regulatory_chains(b: Builder) -> dict[str, Act]:
    """Taxes, rules and tariffs: amended, repealed by their successors, one tariff suspended by the head."""
    c, rng = b.c, b.rng
    taxes = b.council(taxes_piece(c, rng, 2022), b.session_in(2021, 6), status="in_force", regulatory=True)
    b.council(taxes_war_amendment(c, taxes), b.session_in(2022, 4), regulatory=True,
              relations=[("amends", taxes)])
    b.council(taxes_piece(c, rng, 2025, taxes), b.session_in(2024, 6), status="in_force", regulatory=True,
              relations=[("repeals", taxes)])
    land = b.council(land_tax_piece(c, rng, 2022), b.session_in(2021, 6), status="in_force", regulatory=True)
    b.council(land_tax_piece(c, rng, 2025, land), b.session_in(2024, 6), status="in_force", regulatory=True,
              relations=[("repeals", land)])
    old_rules = b.council(rules_piece(c), b.session_in(2021, 5), status="in_force", regulatory=True)
    new_rules = b.council(rules_piece(c, old_rules), b.session_in(2025, 3), status="in_force", regulatory=True,
                          relations=[("repeals", old_rules)])
    structures = b.council(structures_order_piece(c), b.session_in(2022, 8), status="in_force", regulatory=True)
    water = b.executive(tariff_piece(c, rng, "water"), exec_meeting_day(2022, 2), status="in_force",
                        regulatory=True)
    b.executive(tariff_piece(c, rng, "water", water), exec_meeting_day(2024, 9), status="in_force",
                regulatory=True, relations=[("repeals", water)])
    waste = b.executive(tariff_piece(c, rng, "waste"), exec_meeting_day(2025, 7), status="in_force",
                        regulatory=True)
    suspension = Piece(
        f"Про зупинення дії рішення виконавчого комітету від {dmy(waste.day)} № {waste.number}",
        f"Враховуючи звернення мешканців громади щодо економічної обґрунтованості розміру тарифу, відповідно до "
        f"частини шостої статті 59 {MSV}",
        [f"Зупинити дію {waste.cite(c)}.",
         f"Внести питання про скасування зазначеного рішення на розгляд чергової сесії {c.name_gen}.",
         f"{c.enterprise} до розгляду питання радою застосовувати тариф, що діяв раніше."], "utilities")
    b.order(suspension, workday(waste.day + timedelta(days=12)), relations=[("suspends", waste)])
    for year in (2021, 2022, 2023, 2024, 2025):
        plan = Piece(f"Про затвердження плану діяльності з підготовки проєктів регуляторних актів на {year + 1} рік",
                     f"Відповідно до статей 7, 32 {REGULATORY}, керуючись статтею 40 {MSV}",
                     [f"Затвердити план діяльності виконавчого комітету {c.name_gen} з підготовки проєктів "
                      f"регуляторних актів на {year + 1} рік (додається).",
                      f"Оприлюднити план на офіційному вебсайті {c.name_gen} у десятиденний строк."], "regulatory")
        b.executive(plan, exec_meeting_day(year, 11))
    return {"old_rules": old_rules, "new_rules": new_rules, "structures": structures, "taxes": taxes}


def _rules_ref(c: Council, rules: dict[str, Act], day: date) -> tuple[str, Act]:
    act = rules["new_rules"] if day > rules["new_rules"].day else rules["old_rules"]
    return f"Правил благоустрою території населених пунктів {c.hromada_gen}, затверджених {act.cite(c, True)}", act


def family_acts(b: Builder, rules: dict[str, Act]) -> None:
    """Acts of everyday business drawn from the template families."""
    plan = {"land_permission": 14, "land_project": 10, "land_boundaries": 9, "land_lease": 5,
            "land_lease_renewal": 2, "land_auction": 2, "land_refusal": 2, "property_transfer": 4,
            "privatisation": 2, "property_acceptance": 2, "property_lease": 3, "property_writeoff": 3,
            "child_status": 2, "housing_queue": 2, "address_assignment": 5, "reserve_fund": 2, "school_meals": 2,
            "class_network": 2, "appointment": 4, "vacation": 5, "bonus": 3, "dismissal": 2, "rank": 2,
            "working_group": 2, "inventory": 2, "reception": 2}
    for name, count in plan.items():
        for _ in range(count):
            b.family(name)
    for _ in range(3):
        day = b.random_meeting(rules["old_rules"].day + timedelta(days=10))
        ref, act = _rules_ref(b.c, rules, day)
        b.family("tree_removal", f"відповідно до {ref}", day=day, relations=[("related", act)])
    structures = rules["structures"]
    for _ in range(2):
        day = b.random_meeting(structures.day + timedelta(days=20))
        ref = f"відповідно до Порядку розміщення тимчасових споруд, затвердженого {structures.cite(b.c, True)}"
        b.family("temporary_structure", ref, day=day, relations=[("implements", structures)])


def land_corrections(b: Builder) -> None:
    """Later decisions on earlier land decisions: one permission repealed, one lease amended."""
    c = b.c
    permissions = [a for a in b.acts if a.title.startswith("Про надання дозволу") and a.day.year <= 2024]
    permission = permissions[0]
    session = b.random_session(permission.day + timedelta(days=60))
    piece = Piece(f"Про скасування рішення {c.short_gen} від {dmy(permission.day)} № {permission.number}",
                  f"Розглянувши заяву про відмову від отримання земельної ділянки у власність, враховуючи, що "
                  f"заявник реалізував право на безоплатне отримання земельної ділянки за цим видом використання, "
                  f"керуючись статтями 12, 118 {ZK}, пунктом 34 частини першої статті 26 {MSV}",
                  [f"Скасувати {permission.cite(c)}.", "Повідомити заявника про прийняте рішення."], "land")
    b.council(piece, session, relations=[("repeals", permission)])
    lease = next(a for a in b.acts if "оренду земельної ділянки" in a.title and a.day.year <= 2025)
    session = b.random_session(lease.day + timedelta(days=60))
    piece = Piece(f"Про внесення змін до рішення {c.short_gen} від {dmy(lease.day)} № {lease.number} «{lease.title}»",
                  f"У зв'язку з уточненням площі земельної ділянки за результатами робіт із землеустрою та зміною "
                  f"нормативної грошової оцінки, керуючись статтями 12, 93 {ZK}, {instrumental(LAND_LEASE)}, "
                  f"пунктом 34 частини першої статті 26 {MSV}",
                  [f"Внести зміни до {lease.cite(c)}, виклавши пункт 2 у такій редакції: «Встановити річну орендну "
                   f"плату у розмірі 12 відсотків від нормативної грошової оцінки земельної ділянки».",
                   f"Доручити {c.head_dat} укласти додаткову угоду до договору оренди землі."], "land")
    b.council(piece, session, relations=[("amends", lease)])


def sessions_paperwork(b: Builder, sessions: list[int]) -> None:
    """For some sessions: the head's order convening it, its agenda and the protocol of the plenary meeting."""
    c, rng = b.c, b.rng
    for session in sessions:
        day = b.session_day(session)
        decisions = sorted((a for a in b.acts if a.session == session and a.type != "draft_decision"),
                           key=lambda a: _leading_number(a.number))
        announced = workday(day - timedelta(days=11), -1)
        if announced == exec_meeting_day(announced.year, announced.month):
            announced = workday(announced - timedelta(days=1), -1)
        convening = Piece(
            f"Про скликання {session} сесії {c.name_gen} VIII скликання", f"Відповідно до статті 46 {MSV}",
            [f"Скликати {session} сесію {c.name_gen} VIII скликання {long_date(day)} о 10:00 у сесійній залі "
             f"{c.name_gen} ({c.office}).", "Внести на розгляд сесії питання згідно з порядком денним (додається).",
             f"{c.unit_dat('org')} забезпечити оприлюднення цього розпорядження та проєктів "
             f"рішень на офіційному вебсайті {c.name_gen}.",
             "Запросити на пленарне засідання керівників комунальних підприємств, установ і закладів та "
             "представників засобів масової інформації."], "org")
        order = b.order(convening, announced)
        agenda = Act("agenda", announced, f"Порядок денний {session} сесії {c.name_gen} VIII скликання",
                     agenda_text(c, session, day, decisions), "adopted", c.unit("org"), "", [TOPICS["org"]],
                     number=str(session), session=session, published_at=timestamp(announced, 17, 0))
        b._add(agenda, [])
        protocol = Act("protocol", day, f"Протокол пленарного засідання {session} сесії {c.name_gen} VIII скликання",
                       protocol_text(c, rng, session, day, decisions), "adopted", c.unit("org"), "",
                       [TOPICS["org"]], number=str(session), session=session,
                       published_at=b.published(day, (3, 7)))
        b._add(protocol, [("related", agenda), ("related", order)])


def agenda_text(c: Council, session: int, day: date, decisions: list[Act]) -> str:
    lines = [f"ПОРЯДОК ДЕННИЙ {session} сесії {c.name_gen} VIII скликання",
             f"Пленарне засідання – {long_date(day)} о 10:00, сесійна зала {c.name_gen} ({c.office})."]
    lines += [f"{i}. {a.title} (доповідач – начальник {DEPARTMENT_CASES[a.author_unit][0]})."
              for i, a in enumerate(decisions, 1)]
    lines += [f"{len(decisions) + 1}. Різне.", c.head_sign]
    return "\n".join(lines)


def protocol_text(c: Council, rng: random.Random, session: int, day: date, decisions: list[Act]) -> str:
    present = c.deputies - rng.randint(1, 4)
    lines = [f"ПРОТОКОЛ № {session}", f"пленарного засідання {session} сесії {c.name_gen} VIII скликання",
             f"{long_date(day)}, {c.office}",
             f"Загальний склад ради – {c.deputies} {deputies_word(c.deputies)}. Присутні на пленарному засіданні – "
             f"{present} депутатів, відсутні – {c.deputies - present} (з поважних причин).",
             f"Пленарне засідання відкрив і вів {c.head_title.lower()} {c.head.title()}.",
             f"Порядок денний затверджено в цілому (за – {present}, проти – 0, утрималися – 0).", "ПОРЯДОК ДЕННИЙ:"]
    lines += [f"{i}. {a.title}" for i, a in enumerate(decisions, 1)]
    for i, a in enumerate(decisions, 1):
        votes = present - rng.randint(0, 2)
        lines += [f"{i}. СЛУХАЛИ: {a.title}.", f"Доповідач: начальник {DEPARTMENT_CASES[a.author_unit][0]}.",
                  f"ВИРІШИЛИ: рішення № {a.number} прийняти (за – {votes}, проти – 0, утрималися – "
                  f"{present - votes})."]
    lines += [c.head_sign, c.secretary_sign]
    return "\n".join(lines)


def meetings_paperwork(b: Builder, meetings: list[date]) -> None:
    """Protocols of some executive committee meetings, numbered «ВК-<month>» (a plain number would clash with the
    session protocols of the same year)."""
    c = b.c
    for day in meetings:
        decisions = sorted((a for a in b.acts if a.day == day and not a.session and a.type != "head_order"),
                           key=lambda a: _leading_number(a.number))
        lines = [f"ПРОТОКОЛ № ВК-{day.month}", f"засідання виконавчого комітету {c.name_gen}",
                 f"{long_date(day)}, {c.office}", f"Засідання вів {c.head_title.lower()} {c.head.title()}.",
                 "ПОРЯДОК ДЕННИЙ:"]
        lines += [f"{i}. {a.title} (рішення № {a.number})." for i, a in enumerate(decisions, 1)]
        lines += [c.head_sign, c.secretary_sign]
        act = Act("protocol", day, f"Протокол засідання виконавчого комітету {c.name_gen} від {dmy(day)}",
                  "\n".join(lines), "adopted", c.unit("org"), "", [TOPICS["org"]], number=f"ВК-{day.month}",
                  published_at=b.published(day, (2, 6)))
        b._add(act, [])


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def instrumental(law: str) -> str:
    """«Закону України «Про …»» → «Законом України «Про …»», as after «керуючись»."""
    return law.replace("Закону України", "Законом України", 1)


def enumeration(items: tuple[str, ...] | list[str]) -> list[str]:
    """Sub-points of a list: «;» after each, «.» after the last."""
    return [item + (";" if i < len(items) - 1 else ".") for i, item in enumerate(items)]


def deputies_word(count: int) -> str:
    if count % 10 == 1 and count % 100 != 11:
        return "депутат"
    if count % 10 in (2, 3, 4) and count % 100 not in (12, 13, 14):
        return "депутати"
    return "депутатів"


# --- acts from the seed documents ----------------------------------------------------------------------------

DIGITAL_PROGRAMME = "Програми інформатизації «Цифрова громада» Слобожанської територіальної громади на 2023-2025 роки"
TITLE_2311 = f"Про затвердження {DIGITAL_PROGRAMME}"
TITLE_2597 = "Про затвердження Положення про офіційний вебсайт Слобожанської селищної ради та її виконавчих органів"
TITLE_154 = ("Про затвердження Плану дій з розвитку електронного урядування в Слобожанській селищній "
             "територіальній громаді на 2024-2025 роки")

# Seed 003: the decision № 154 as adopted (the preamble verbatim, «ВИРШИВ» of the scan corrected).
TEXT_154 = """Керуючись Конституцією України, ст. 3 Закону України «Про місцеве самоврядування в Україні», Законами України «Про інформацію», «Про звернення громадян», «Про адміністративні послуги» «Про захист інформації в інформаційно-телекомунікаційних системах», «Про захист персональних даних», «Про електронні документи та електронний документообіг», «Про доступ до публічної інформації», «Про Національну програму інформатизації», «Про Концепцію Національної програми інформатизації», "Про Основні засади розвитку інформаційного суспільства в Україні на 2007-2015 роки", «Про концепцію розвитку електронного урядування в Україні», «Про концепцію розвитку системи електронних послуг в Україні», Постановою Кабінету Міністрів України від 22.08.2018 року № 617-р «Про затвердження плану заходів з реалізації Концепції розвитку електронного урядування в Україні», Постановою Кабінету Міністрів України від 25.04.2023 № 372-р «Про затвердження плану заходів на 2023-2024 роки з реалізації Національної стратегії із створення безбар'єрного простору в Україні на період до 2030 року»; Постановою Кабінету Міністрів України від 7 вересня 2021 року № 487 «Про Національну стратегію розвитку громадянського суспільства в Україні на 2021-2026 р.р.», відповідно до рішення 25 сесії депутатів VIII скликання Слобожанської селищної ради № 2311-25/VIII від 04 травня 2023 року «Про затвердження Програми інформатизації «Цифрова громада» Слобожанської територіальної громади на 2023-2025 роки, рішення 28 сесії депутатів VIII скликання № 2597-28/VIII від 03 серпня 2023 року «Про затвердження Положення про офіційний вебсайт Слобожанської селищної ради та її виконавчих органів», виконавчий комітет Слобожанської селищної ради
ВИРІШИВ:
1. Затвердити План дій з розвитку електронного урядування в Слобожанській селищній територіальній громаді на 2024-2025 роки, що додається.
2. Координацію роботи щодо виконання даного рішення покласти на відділ інформаційних технологій та електронного урядування та відділ загально-організаційного забезпечення виконавчого комітету Слобожанської селищної ради.
3. Контроль за виконанням даного рішення покласти на секретаря селищної ради (виконкому) Людмилу Лагоду.
Селищний голова Іван КАМІНСЬКИЙ
Додаток до рішення виконавчого комітету Слобожанської селищної ради від 28.03.2024 № 154
ПЛАН ДІЙ З РОЗВИТКУ ЕЛЕКТРОННОГО УРЯДУВАННЯ В СЛОБОЖАНСЬКІЙ ТЕРИТОРІАЛЬНІЙ ГРОМАДІ на 2024-2025 роки
Основні цілі Плану дій: створення умов для активної участі громадян та інституцій громадянського суспільства у процесі управління територіальною громадою; підвищення якості управлінських процесів, забезпечення контролю за результативністю діяльності органів влади; успішна взаємодія жителів територіальної громади з органами місцевого самоврядування за допомогою електронних сервісів; забезпечення оперативного доступу до інформаційних ресурсів; підвищення ефективності реагування на звернення мешканців громади.
Заходи Плану дій:
- впровадження електронного документообігу (березень – грудень 2024 року);
- розвиток та вдосконалення офіційного вебсайту Слобожанської селищної ради та її виконавчих органів (2024 – 2025 роки);
- вдосконалення централізованого сховища даних у Слобожанській територіальній громаді (2024 – 2025 роки);
- впровадження електронного цифрового підпису у сфері діловодства та документообігу (березень – червень 2025 року);
- впровадження «Єдиної гарячої лінії Слобожанської селищної територіальної громади» (березень – серпень 2024 року);
- напрацювання нормативно-правової бази для створення ситуаційного центру Слобожанської селищної територіальної громади (березень 2024 року – червень 2025 року);
- розробка та впровадження нових електронних сервісів (2024 – 2025 роки);
- розробка та впровадження сервісу «Кабінет жителя громади» (березень – червень 2025 року);
- впровадження сервісу «Електронна черга» в сфері надання адміністративних послуг (березень – червень 2025 року);
- організація та проведення безкоштовного курсу базового рівня цифрової грамотності та компетенції (липень – грудень 2024 року).
Фінансування Плану дій здійснюється в межах коштів, затверджених у бюджеті Слобожанської селищної територіальної громади на відповідний бюджетний рік відповідно до Програми інформатизації «Цифрова громада» на 2023-2025 роки. Зміни та доповнення до Плану дій затверджуються виконавчим комітетом Слобожанської селищної ради.
Секретар селищної ради (виконкому) Людмила ЛАГОДА"""  # noqa: E501 — the seed's text, verbatim


def slobozhanska_acts(b: Builder) -> None:
    """Seed 003: the programme «Цифрова громада» (№ 2311-25/VIII), the website regulation (№ 2597-28/VIII), the
    e-government action plan (№ 154) and what followed them; e-petitions and the participatory budget."""
    c = b.c
    it, org = c.unit("digital"), c.unit("org")
    programme = b.council(Piece(TITLE_2311,
        "Відповідно до Законів України «Про Національну програму інформатизації», «Про електронні документи та "
        "електронний документообіг», «Про доступ до публічної інформації», «Про адміністративні послуги», з метою "
        "розвитку електронного урядування та електронної демократії в Слобожанській територіальній громаді, "
        f"керуючись пунктом 22 частини першої статті 26 {MSV}",
        ["Затвердити Програму інформатизації «Цифрова громада» Слобожанської територіальної громади на 2023-2025 "
         "роки (далі – Програма), що додається.",
         "Визначити відповідальним виконавцем Програми відділ інформаційних технологій та електронного урядування "
         "виконавчого комітету Слобожанської селищної ради.", "Основними завданнями Програми визначити:",
         ["розвиток офіційного вебсайту та Реєстру актів органу місцевого самоврядування;",
          "впровадження системи електронного документообігу та електронного цифрового підпису;",
          "модернізацію комп'ютерних мереж і серверного обладнання, створення централізованого сховища даних;",
          "розвиток системи відеоспостереження населених пунктів громади;",
          "використання платформ E-Dem (електронні петиції, е-консультації) та SocialBoost («Бюджет участі»);",
          "підвищення цифрової грамотності мешканців громади."],
         "Орієнтовний обсяг фінансування Програми – 8 640,0 тис. гривень за рахунок коштів бюджету Слобожанської "
         "селищної територіальної громади та інших джерел, не заборонених законодавством.",
         "Відповідальному виконавцю щороку до 1 лютого інформувати селищну раду про хід виконання Програми."],
        "digital"), 25, fixed=2311, status="in_force")
    website = b.council(Piece(TITLE_2597,
        "Відповідно до Законів України «Про доступ до публічної інформації», «Про інформацію», «Про забезпечення "
        "функціонування української мови як державної», з метою забезпечення відкритості та прозорості діяльності "
        f"селищної ради та її виконавчих органів, керуючись статтею 26 {MSV}",
        ["Затвердити Положення про офіційний вебсайт Слобожанської селищної ради та її виконавчих органів "
         "(додається).", "Визначити адресою офіційного вебсайту https://slobozhanska-gromada.gov.ua/.",
         "Відповідальним за технічне адміністрування офіційного вебсайту визначити відділ інформаційних "
         "технологій та електронного урядування, за наповнення – структурні підрозділи виконавчого комітету.",
         "На офіційному вебсайті діє Реєстр актів органу місцевого самоврядування: рішення селищної ради та "
         "виконавчого комітету, розпорядження селищного голови, регуляторні акти, протоколи та порядки денні."],
        "digital"), 28, fixed=2597, status="in_force", relations=[("implements", programme)])
    amendments = ((2024, 2, "впровадження Єдиної гарячої лінії громади"),
                  (2024, 12, "напрацювання нормативно-правової бази ситуаційного центру"))
    spec = Programme("digital", "інформатизації «Цифрова громада» Слобожанської територіальної громади на {period} "
                     "роки", "digital", "", (), (), 8640.0, "2023-2025", (2023, 5), ())
    for year, month, measure in amendments:
        b.council(programme_amendment(c, b.rng, spec, programme, measure), b.session_in(year, month),
                  relations=[("amends", programme)])
    plan = b.executive(Piece(TITLE_154, "", [], "digital"), date(2024, 3, 28), fixed=154, status="in_force",
                       text=TEXT_154, control=org, relations=[("implements", programme), ("related", website)])
    plan.author_unit = it
    _plan_measures(b, plan)
    successor = Piece(
        "Про затвердження Програми інформатизації «Цифрова громада» Слобожанської селищної територіальної громади "
        "на 2026-2028 роки",
        f"Враховуючи результати виконання {DIGITAL_PROGRAMME}, затвердженої {programme.cite(c, True)}, та Плану дій "
        f"з розвитку електронного урядування, керуючись пунктом 22 частини першої статті 26 {MSV}",
        ["Затвердити Програму інформатизації «Цифрова громада» Слобожанської селищної територіальної громади на "
         "2026-2028 роки (додається).",
         "Основними завданнями Програми визначити розвиток сервісу «Кабінет жителя громади», ситуаційного центру, "
         "Реєстру актів, відкритих даних і кіберзахисту інформаційних систем."], "digital")
    b.council(successor, b.session_in(2025, 12), status="in_force", relations=[("related", programme)])
    _e_democracy(b)


def _plan_measures(b: Builder, plan: Act) -> None:
    """Acts carrying out the measures of the e-government action plan № 154."""
    basis = (f"На виконання Плану дій з розвитку електронного урядування в Слобожанській селищній територіальній "
             f"громаді на 2024-2025 роки, затвердженого рішенням виконавчого комітету від 28.03.2024 № 154, "
             f"керуючись статтею 42 {MSV}")
    links = [("implements", plan)]
    b.order(Piece("Про запровадження системи електронного документообігу у виконавчому комітеті Слобожанської "
                  "селищної ради", basis,
                  ["Запровадити з 01.06.2024 систему електронного документообігу у виконавчому комітеті та "
                   "виконавчих органах селищної ради.",
                   "Відділу інформаційних технологій та електронного урядування забезпечити налаштування системи, "
                   "видачу кваліфікованих електронних підписів і навчання працівників.",
                   "Керівникам структурних підрозділів забезпечити перехід на безпаперовий документообіг."],
                  "digital"), date(2024, 4, 15), relations=links)
    b.order(Piece("Про організацію безкоштовних курсів базового рівня цифрової грамотності", basis,
                  ["Організувати з липня по грудень 2024 року безкоштовні курси базового рівня цифрової грамотності "
                   "для мешканців громади на базі КЗ «ЦНСП» ССР та КЗ «МЦ «СМАРТ» ССР.",
                   "Відділу культури забезпечити інформування мешканців про курси цифрової грамотності."],
                  "digital"), date(2024, 7, 8), relations=links)
    exec_basis = basis.replace("статтею 42", "статтею 40")
    b.executive(Piece("Про запровадження Єдиної гарячої лінії Слобожанської селищної територіальної громади",
                      exec_basis,
                      ["Запровадити з 01.09.2024 Єдину гарячу лінію Слобожанської селищної територіальної громади "
                       "для прийому звернень мешканців.",
                       "Затвердити Порядок роботи Єдиної гарячої лінії та перелік виконавців звернень (додаються).",
                       "Відділу інформаційних технологій та електронного урядування щомісяця готувати аналітику "
                       "звернень, що надійшли на гарячу лінію."], "digital"),
                date(2024, 8, 29), status="in_force", relations=links)
    b.executive(Piece("Про впровадження сервісу «Електронна черга» у відділі «Центр надання адміністративних "
                      "послуг»", exec_basis,
                      ["Впровадити з 02.06.2025 сервіс «Електронна черга» для попереднього запису на отримання "
                       "адміністративних послуг, у тому числі у віддалених робочих місцях.",
                       "Відділу «Центр надання адміністративних послуг» розмістити посилання на електронну чергу на "
                       "офіційному вебсайті."], "services"),
                date(2025, 5, 29), status="in_force", relations=links)
    b.executive(Piece("Про впровадження сервісу «Кабінет жителя громади»", exec_basis,
                      ["Впровадити сервіс «Кабінет жителя громади» для єдиного доступу жителів до соціальних, "
                       "комунальних та адміністративних послуг з ідентифікацією через застосунок «Дія».",
                       "Затвердити Положення про сервіс «Кабінет жителя громади» (додається)."], "digital"),
                date(2025, 6, 26), status="in_force", relations=links)
    b.council(Piece("Про утворення Ситуаційного центру Слобожанської селищної територіальної громади",
                    f"З метою оперативного реагування на надзвичайні ситуації та звернення мешканців, враховуючи План "
                    f"дій з розвитку електронного урядування, затверджений рішенням виконавчого комітету від "
                    f"28.03.2024 № 154, керуючись статтею 26 {MSV}",
                    ["Утворити Ситуаційний центр Слобожанської селищної територіальної громади.",
                     "Затвердити Положення про Ситуаційний центр (додається).",
                     "Підключити до Ситуаційного центру сервер обробки відеопотоку з камер відеоспостереження та "
                     "Єдину гарячу лінію громади."], "digital"),
              b.session_in(2025, 5), status="in_force", relations=[("related", plan)])


def _e_democracy(b: Builder) -> None:
    c = b.c
    b.council(Piece("Про затвердження Положення про порядок подання та розгляду електронних петицій до Слобожанської "
                    "селищної ради",
                    f"Відповідно до статті 23-1 Закону України «Про звернення громадян», керуючись статтею 26 {MSV}",
                    ["Затвердити Положення про порядок подання та розгляду електронних петицій (додається).",
                     "Збір підписів на підтримку електронних петицій здійснювати на платформі E-Dem; необхідна "
                     "кількість підписів – 150 протягом двох місяців."], "digital"),
              b.session_in(2021, 3), status="in_force")
    regulation = b.council(Piece(
        "Про затвердження Положення про бюджет участі (громадський бюджет) Слобожанської селищної територіальної "
        "громади", f"З метою залучення мешканців до бюджетного процесу, керуючись статтею 26 {MSV}",
        ["Затвердити Положення про бюджет участі (громадський бюджет) Слобожанської селищної територіальної громади "
         "(додається).", "Подання проєктів і голосування за них здійснювати на платформі SocialBoost.",
         f"Щороку передбачати у {c.budget_gen} кошти на реалізацію проєктів-переможців у розмірі не менше "
         f"1 відсотка доходів загального фонду."], "budget"), b.session_in(2021, 4), status="in_force")
    b.council(Piece(
        "Про внесення змін до Положення про бюджет участі (громадський бюджет) Слобожанської селищної "
        "територіальної громади", f"Керуючись статтею 26 {MSV}",
        [f"Внести зміни до Положення про бюджет участі, затвердженого {regulation.cite(c, True)}, дозволивши "
         f"подавати проєкти безбар'єрності та енергоефективності закладів освіти."], "budget"),
        b.session_in(2024, 3), relations=[("amends", regulation)])
    b.executive(Piece("Про затвердження результатів голосування за проєкти бюджету участі на 2025 рік",
                      f"Відповідно до Положення про бюджет участі (громадський бюджет), керуючись статтею 28 {MSV}",
                      ["Затвердити результати голосування за проєкти бюджету участі на 2025 рік (додаються).",
                       "Визначити переможцями проєкти «Безбар'єрний вхід до Слобожанського ліцею» та «Сучасний "
                       "спортивний майданчик у с. Балівка»."], "budget"),
                date(2024, 9, 26), relations=[("implements", regulation)])


def mohyliv_acts(b: Builder, programmes: dict[str, Act]) -> None:
    """Seed 002: the IT strategy 2021-2025, the communication strategy, the ЦНАП, the street lighting plan; the
    informatization programme built on the strategy; renamed streets (the demo's «Героїв України» among them)."""
    c = b.c
    services = b.council(Piece(
        "Про затвердження Переліку адміністративних послуг, які надаються через відділ «Центр надання "
        "адміністративних послуг» виконавчого комітету Могилівської сільської ради",
        f"Відповідно до статті 12 Закону України «Про адміністративні послуги», керуючись статтею 26 {MSV}",
        ["Затвердити Перелік адміністративних послуг, які надаються через відділ «Центр надання адміністративних "
         "послуг», у тому числі послуги з реєстрації місця проживання, державної реєстрації речових прав, "
         "видачі паспорта громадянина України та надання відомостей з Державного земельного кадастру.",
         "Відділу «Центр надання адміністративних послуг» розмістити Перелік на офіційному вебсайті."], "services"),
        b.session_in(2021, 2), status="in_force")
    b.council(Piece(
        "Про внесення змін до Переліку адміністративних послуг, які надаються через відділ «Центр надання "
        "адміністративних послуг»", f"Керуючись статтею 26 {MSV}",
        [f"Внести зміни до Переліку, затвердженого {services.cite(c, True)}, доповнивши його послугами з "
         f"призначення державної допомоги сім'ям з дітьми та послугами для ветеранів війни."], "services"),
        b.session_in(2023, 5), relations=[("amends", services)])
    b.council(Piece(
        "Про затвердження Комунікаційної стратегії Могилівської сільської територіальної громади",
        f"З метою налагодження ефективної комунікації органів місцевого самоврядування з мешканцями, керуючись "
        f"статтею 26 {MSV}",
        ["Затвердити Комунікаційну стратегію Могилівської сільської територіальної громади (додається).",
         "Висвітлювати звіти сільського голови, апарату та депутатів на офіційному сайті та у соціальних мережах "
         "доступною для сприйняття мовою."], "digital"), b.session_in(2021, 3), status="in_force")
    strategy = b.council(Piece(
        "Про затвердження ІТ-стратегії Могилівської сільської територіальної громади на 2021-2025 роки",
        f"З метою розвитку інформаційних систем громади, відповідно до Стратегії розвитку Могилівської "
        f"територіальної громади на 2017-2027 роки, керуючись статтею 26 {MSV}",
        ["Затвердити ІТ-стратегію Могилівської сільської територіальної громади на 2021-2025 роки (додається).",
         "Відповідальними за впровадження ІТ-стратегії визначити заступника сільського голови з питань діяльності "
         "виконавчих органів Тетяну Смірнову, заступника голови з питань земельних ресурсів, екології, економічного "
         "розвитку та зв'язку з громадськістю Ірину Барабаш та секретаря сільської ради Валентину Невтриніс.",
         "Очікуваним результатом визначити відкритість діяльності всіх установ і закладів громади, оснащення "
         "відділів сучасною комп'ютерною технікою, спрощення внутрішніх процедур обміну інформацією та "
         "розвиток офіційного сайту, створеного на ІТ-платформі Dosvit за підтримки програми DOBRE."], "digital"),
        b.session_in(2021, 4), status="in_force")
    informatization = b.council(Piece(
        "Про затвердження Програми інформатизації Могилівської сільської територіальної громади на 2022-2025 роки",
        f"На виконання ІТ-стратегії Могилівської сільської територіальної громади на 2021-2025 роки, затвердженої "
        f"{strategy.cite(c, True)}, керуючись пунктом 22 частини першої статті 26 {MSV}",
        ["Затвердити Програму інформатизації Могилівської сільської територіальної громади на 2022-2025 роки "
         "(додається).", "Основні заходи Програми:",
         ["оснащення відділів ради, комунальних закладів сучасною комп'ютерною технікою;",
          "використання ліцензійного програмного забезпечення, у тому числі ГІС для земельних ресурсів;",
          "запровадження системи електронного документообігу;", "обладнання ЦНАП системою електронної черги."]],
        "digital"), b.session_in(2021, 12), status="in_force", relations=[("implements", strategy)])
    b.council(Piece(
        "Про внесення змін до Програми інформатизації Могилівської сільської територіальної громади на 2022-2025 "
        "роки", f"Керуючись пунктом 22 частини першої статті 26 {MSV}",
        [f"Внести зміни до Програми, затвердженої {informatization.cite(c, True)}, доповнивши її заходом «Придбання "
         f"обладнання для пунктів незламності та резервних каналів зв'язку»."], "digital"),
        b.session_in(2023, 9), relations=[("amends", informatization)])
    b.order(Piece("Про запровадження системи електронного документообігу у виконавчому комітеті Могилівської "
                  "сільської ради",
                  f"На виконання Програми інформатизації Могилівської сільської територіальної громади на 2022-2025 "
                  f"роки, керуючись статтею 42 {MSV}",
                  ["Запровадити систему електронного документообігу у виконавчому комітеті з 01.03.2022.",
                   "Загальному відділу забезпечити реєстрацію вхідної та вихідної кореспонденції в системі."],
                  "digital"), date(2022, 2, 14), relations=[("implements", informatization)])
    lighting = programmes["lighting"]
    b.executive(Piece(
        "Про затвердження Плану покращення послуги вуличного освітлення Могилівської сільської територіальної "
        "громади",
        f"Відповідно до Програми розвитку мережі вуличного освітлення, затвердженої {lighting.cite(c, True)}, "
        f"керуючись статтею 30 {MSV}",
        ["Затвердити План покращення послуги вуличного освітлення (додається).",
         "Першочергово відновити вуличне освітлення в с. Новопідкряж, с. Цибульківка та с-ще Молодіжне."],
        "utilities"), exec_meeting_day(2021, 5), status="in_force", relations=[("related", lighting)])
    b.council(Piece(
        "Про перейменування вулиць у населених пунктах Могилівської сільської територіальної громади",
        f"Відповідно до Закону України «Про засудження та заборону пропаганди російської імперської політики в "
        f"Україні і деколонізацію топонімії», враховуючи результати громадського обговорення, керуючись пунктом 41 "
        f"частини першої статті 26 {MSV}",
        ["Перейменувати вулиці:", ["вулицю Гагаріна в с. Могилів – на вулицю Героїв України;",
                                   "вулицю Пушкіна в с. Могилів – на вулицю Лесі Українки;",
                                   "вулицю Чкалова в с. Могилів – на вулицю Козацька;",
                                   "вулицю Московську в с. Новопідкряж – на вулицю Незалежності."],
         "Відділу «Центр надання адміністративних послуг» внести зміни до реєстру територіальної громади."],
        "services"), b.session_in(2023, 4), status="in_force")
    b.council(Piece(
        "Про затвердження Положення про офіційний вебсайт Могилівської сільської ради",
        f"Відповідно до Закону України «Про доступ до публічної інформації», керуючись статтею 26 {MSV}",
        ["Затвердити Положення про офіційний вебсайт Могилівської сільської ради (додається).",
         "Визначити відповідальним за наповнення офіційного сайту загальний відділ."], "digital"),
        b.session_in(2022, 1), status="in_force", relations=[("implements", informatization)])


# --- drafts for the coming session ---------------------------------------------------------------------------


def drafts(b: Builder, budgets: dict[int, Act], programmes: dict[str, Act], rules: dict[str, Act]) -> None:
    c, rng = b.c, b.rng
    coming = max(c.sessions)  # the December 2026 session, after the demo's "today"
    days = iter(sorted({workday(date(2026, 11, 2) + timedelta(days=rng.randint(0, 17))) for _ in range(40)}))
    budget = budgets[2026]
    b.draft(budget_piece(c, 2027, c.revenue_2022 * 1.45), next(days), coming, relations=[("related", budget)])
    roads = next(p for p in PROGRAMMES if p.key == "roads")
    b.draft(programme_piece(c, rng, roads, "2027-2031"), next(days), coming,
            relations=[("related", programmes["roads"])])
    for _ in range(3):
        day = next(days)
        b.draft(land_permission(c, rng, day), day, coming)
    b.draft(Piece(f"Про затвердження переліку об'єктів комунальної власності {c.hromada_gen}, що підлягають "
                  f"приватизації у 2027 році", f"Відповідно до {PRIVATISATION}, керуючись пунктом 30 частини "
                  f"першої статті 26 {MSV}",
                  ["Затвердити перелік об'єктів малої приватизації на 2027 рік (додається).",
                   "Оприлюднити перелік в електронній торговій системі."], "property"), next(days), coming)
    rules_act = rules["new_rules"]
    b.draft(Piece(f"Про внесення змін до Правил благоустрою території населених пунктів {c.hromada_gen}",
                  f"Відповідно до {IMPROVEMENT}, керуючись пунктом 44 частини першої статті 26 {MSV}",
                  [f"Внести зміни до Правил благоустрою, затверджених {rules_act.cite(c, True)}, доповнивши їх "
                   f"розділом про утримання укриттів та пунктів незламності."], "improvement"),
            next(days), coming, relations=[("related", rules_act)])
    b.draft(Piece(f"Про затвердження плану роботи {c.name_gen} на 2027 рік", f"Керуючись статтею 26 {MSV}",
                  [f"Затвердити план роботи {c.name_gen} на 2027 рік (додається)."], "org"), next(days), coming)
    waste = next(a for a in b.acts if a.status != "draft" and "побутовими відходами" in a.title
                 and a.type == "regulatory_act")
    b.draft(tariff_piece(c, rng, "waste"), next(days), coming, executive=True, relations=[("related", waste)])
    b.draft(Piece(f"Про затвердження Статуту {c.hromada_gen}",
                  f"Відповідно до статті 19 {MSV}, враховуючи результати громадського обговорення, керуючись "
                  f"статтею 26 {MSV}",
                  [f"Затвердити Статут {c.hromada_gen} (додається).",
                   "Подати Статут на державну реєстрацію до Міністерства юстиції України."], "org"),
            next(days), None)


# --- the corpus and the generator ----------------------------------------------------------------------------

SEEDS = {"mohyliv": 2021, "slobozhanska": 2023}


def corpus(hromada: str) -> list[dict]:
    """The demo acts of "mohyliv" or "slobozhanska", oldest first (an act's relation targets come before it)."""
    c = COUNCILS[hromada]
    b = Builder(c, SEEDS[hromada])
    if hromada == "slobozhanska":
        slobozhanska_acts(b)  # first: the seed fixes its numbers (2311, 2597, 154)
    budgets = budget_chain(b)
    programmes = programme_chains(b)
    rules = regulatory_chains(b)
    if hromada == "mohyliv":
        mohyliv_acts(b, programmes)
    family_acts(b, rules)
    land_corrections(b)
    drafts(b, budgets, programmes, rules)
    seed_sessions = {"slobozhanska": [25, 28]}.get(hromada, [])
    _fill_sessions(b, seed_sessions)
    sessions_paperwork(b, _busiest_sessions(b, seed_sessions))
    meetings_paperwork(b, _busiest_meetings(b, {"slobozhanska": [date(2024, 3, 28)]}.get(hromada, [])))
    return b.finish()


def _fill_sessions(b: Builder, sessions: list[int], minimum: int = 5) -> None:
    """Land decisions for the sessions whose protocols the corpus must have, so the protocols list a few."""
    for session in sessions:
        while sum(1 for a in b.acts if a.session == session) < minimum:
            b.family(b.rng.choice(("land_permission", "land_project", "land_boundaries")), session=session)


def _busiest_sessions(b: Builder, must: list[int], count: int = 5) -> list[int]:
    held = defaultdict(int)
    for act in b.acts:
        if act.session and act.type != "draft_decision":
            held[act.session] += 1
    rest = sorted((s for s in held if s not in must), key=lambda s: (-held[s], s))
    return sorted([*must, *rest[:count - len(must)]])


def _busiest_meetings(b: Builder, must: list[date], count: int = 2) -> list[date]:
    held = defaultdict(int)
    for act in b.acts:
        if act.type in ("executive_decision", "regulatory_act") and not act.session:
            held[act.day] += 1
    rest = sorted((d for d in held if d not in must), key=lambda d: (-held[d], d))
    return sorted([*must, *rest[:count - len(must)]])


REGULATORY_PIECES = ("rules", "taxes", "land_tax", "tariff")


def generate(count: int, seed: int = 1) -> Iterator[dict]:
    """`count` synthetic acts from the template families, in date order 2021–2026, unique (number, date, type),
    without relations: data for search benchmarks (both demo hromadas' names and places, alternately)."""
    rng = Dice(seed)  # benchmark data, not secrets
    families = list(FAMILIES.values())
    cumulative = list(accumulate(weight for _function, _body, weight in families))
    councils = (MOHYLIV_COUNCIL, SLOBOZHANSKA_COUNCIL)
    span = (LAST_DAY - FIRST_DAY).days
    counters: dict[tuple, int] = defaultdict(int)
    offset = -1
    for index in range(count):
        if index * span // max(count, 1) != offset:  # many acts share a day: compute its values once
            offset = index * span // max(count, 1)
            day = workday(FIRST_DAY + timedelta(days=offset))
            stamp = timestamp(workday(day + timedelta(days=2)), 10, 0)
            session = (day.year - 2020) * 12 + day.month - 10  # a session a month from November 2020
        c = councils[index % 2]
        draw = rng.random()
        if draw < 0.02:
            yield _generated_regulatory(c, rng, day, counters, stamp, session)
            continue
        function, body, _weight = families[bisect(cumulative, rng.random() * cumulative[-1])]
        piece = function(c, rng, day, "")
        if body == "council" and draw < 0.05:
            counters["ПР", day.year] += 1
            yield _generated(c, piece, "draft_decision", f"ПР-{counters['ПР', day.year]}", day, "draft",
                             council_text(c, piece), stamp)
        elif body == "council":
            counters["council"] += 1
            yield _generated(c, piece, "council_decision", f"{counters['council']}-{session}/VIII", day,
                             "adopted", council_text(c, piece), stamp, session)
        elif body == "executive":
            counters["executive", day.year] += 1
            yield _generated(c, piece, "executive_decision", str(counters["executive", day.year]), day,
                             "adopted", executive_text(c, piece), stamp)
        else:
            series = "к" if body == "order_k" else "од"
            counters[series, day.year] += 1
            yield _generated(c, piece, "head_order", f"{counters[series, day.year]}-{series}", day, "adopted",
                             order_text(c, piece), stamp)


def _generated(c: Council, piece: Piece, type_: str, number: str, day: date, status: str, text: str,
               published_at: str, session: int | None = None) -> dict:
    record = {"number": number, "date": day.isoformat(), "type": type_, "title": piece.title, "text": text,
              "status": status}
    if session:
        record |= {"convocation": CONVOCATION, "session": session}
    return record | {"author_unit": c.unit(piece.topic), "control_unit": "", "topics": [TOPICS[piece.topic]],
                     "published_at": published_at, "relations": []}


def _generated_regulatory(c: Council, rng: random.Random, day: date, counters: dict, stamp: str,
                          session: int) -> dict:
    kind = rng.choice(REGULATORY_PIECES)
    if kind == "tariff":
        piece = tariff_piece(c, rng, rng.choice(("water", "waste")))
        counters["executive", day.year] += 1
        return _generated(c, piece, "regulatory_act", str(counters["executive", day.year]), day, "in_force",
                          executive_text(c, piece), stamp)
    piece = {"rules": lambda: rules_piece(c), "taxes": lambda: taxes_piece(c, rng, day.year + 1),
             "land_tax": lambda: land_tax_piece(c, rng, day.year + 1)}[kind]()
    counters["council"] += 1
    return _generated(c, piece, "regulatory_act", f"{counters['council']}-{session}/VIII", day, "in_force",
                      council_text(c, piece), stamp, session)
