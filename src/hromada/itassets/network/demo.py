"""Demo connectivity and cameras of Mohyliv (and a little of Slobozhanska for isolation); idempotent.

Seed 002: the hromada is «covered by internet lines in almost all settlements», new providers extend high-speed
fibre, four providers and three mobile operators work there; the goal is «more than 100 % of communal institutions
connected to high-speed Internet» — so most institutions are on fibre at ≥ 100 Mbit/s, and the two rural schools
still wait for it (a radio link and ADSL). Seed 003 counts the institutions joined to the corporate network (five
of Mohyliv's eight here, the council being its hub) and the video cameras; seed 002 (goal II) plans an extended
video surveillance «connected to the police station»: cameras in the settlements, most of Mohyliv's connected.

Providers other than Укртелеком and Київстар, contracts, costs and addresses are DEMO values. Coordinates are
approximate, generated around the settlements (as registers.demo does), not surveyed points. Cameras are
equipment items of the category camera with inventory numbers of their own range (ВС-001…), made through the
equipment services, each with its Camera row.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from hromada.core.models import Hromada, Institution, Settlement, User
from hromada.itassets.models import Camera, Category, Connection, Equipment, FundingSource
from hromada.itassets.network import services

MOHYLIV = "UA12020110000034205"
SLOBOZHANSKA = "UA12020250000010438"
MANAGER = "programme@mohyliv.example"
SLOBOZHANSKA_ADMIN = "admin@slobozhanska.example"
T = Connection.Technology

# Approximate centres of the settlements (generated demo coordinates around registers.demo's CENTRE).
PLACES = {
    "Могилів": (Decimal("48.713000"), Decimal("34.640000")),
    "Новопідкряж": (Decimal("48.668200"), Decimal("34.712400")),
    "Молодіжне": (Decimal("48.741500"), Decimal("34.598300")),
    "Цибульківка": (Decimal("48.776900"), Decimal("34.571200")),
    "Проточі": (Decimal("48.689400"), Decimal("34.601700")),
    "Єгорине": (Decimal("48.795300"), Decimal("34.540800")),
    "Слобожанське": (Decimal("48.537000"), Decimal("35.074000")),
}

FIBRE_PROVIDER = "ТОВ «Приорілля-Нет» (DEMO)"
RADIO_PROVIDER = "ТОВ «Оріль-Радіо» (DEMO)"

# (institution name or None for the council, provider, technology, contracted, measured, corporate network,
#  monthly cost, coordinate offset (lat, lon) from the settlement's centre or None for no coordinates)
MOHYLIV_CONNECTIONS = [
    (None, FIBRE_PROVIDER, T.FIBRE, "500", "472,3", True, "1650,00", (0, 0)),
    (None, "Київстар", T.MOBILE, "50", None, False, "300,00", (0, 0)),  # the council's 4G backup line
    ("Могилівська загальноосвітня школа І–ІІІ ступенів", FIBRE_PROVIDER, T.FIBRE, "300", "287,5", True, "1200,00",
     ("0.0031", "-0.0042")),
    ("Могилівський заклад дошкільної освіти", FIBRE_PROVIDER, T.FIBRE, "100", "94,1", True, "650,00",
     ("-0.0024", "0.0035")),
    ("Могилівська амбулаторія загальної практики — сімейної медицини", FIBRE_PROVIDER, T.FIBRE, "100", None, False,
     "650,00", ("0.0012", "0.0061")),
    ("Могилівський будинок культури", FIBRE_PROVIDER, T.FIBRE, "100", "97,0", True, "650,00", ("-0.0008", "-0.0019")),
    ("Територіальний центр соціального обслуговування", FIBRE_PROVIDER, T.ETHERNET, "100", None, True, None, None),
    ("Новопідкряжська загальноосвітня школа І–ІІІ ступенів", FIBRE_PROVIDER, T.FIBRE, "200", "188,0", True,
     "900,00", ("0.0011", "0.0008")),
    ("Цибульківська загальноосвітня школа І–ІІ ступенів", RADIO_PROVIDER, T.RADIO, "30", "23,6", False, "550,00",
     ("-0.0006", "0.0014")),
    ("Молодіжненська загальноосвітня школа І–ІІ ступенів", "Укртелеком", T.DSL, "12", "9,8", False, "420,00",
     ("0.0009", "-0.0011")),
]

# (settlement, location, object watched, coordinate offset, police connected, retention days, public, status)
MOHYLIV_CAMERAS = [
    ("Могилів", "вул. Центральна, 1 (DEMO), фасад сільської ради", "Вхід до сільської ради та ЦНАП",
     ("0.0002", "0.0001"), True, 30, True, Equipment.Status.IN_USE),
    ("Могилів", "Площа біля будинку культури", "Центральна площа села", ("-0.0010", "-0.0021"), True, 30, True,
     Equipment.Status.IN_USE),
    ("Могилів", "Перехрестя вул. Центральної та вул. Шкільної (DEMO)", "Перехрестя і пішохідний перехід",
     ("0.0021", "-0.0030"), True, 30, True, Equipment.Status.IN_USE),
    ("Могилів", "В’їзд до села з боку автодороги (DEMO)", "Автодорога, в’їзд до села", ("0.0105", "-0.0122"), True,
     30, True, Equipment.Status.IN_USE),
    ("Могилів", "Подвір’я загальноосвітньої школи", "Шкільне подвір’я і спортивний майданчик",
     ("0.0033", "-0.0045"), False, 14, False, Equipment.Status.IN_USE),
    ("Новопідкряж", "Біля школи", "Вхід до школи і зупинка шкільного автобуса", ("0.0012", "0.0010"), True, 30,
     True, Equipment.Status.IN_USE),
    ("Новопідкряж", "В’їзд до села (DEMO)", "Дорога на Могилів", ("-0.0064", "-0.0071"), False, 14, True,
     Equipment.Status.IN_USE),
    ("Молодіжне", "Біля магазину в центрі селища (DEMO)", "Центр селища", ("0.0004", "0.0006"), False, 14, True,
     Equipment.Status.IN_USE),
    ("Молодіжне", "Зупинка громадського транспорту", "Зупинка і перехрестя", ("-0.0015", "0.0020"), False, 14, True,
     Equipment.Status.IN_REPAIR),
    ("Цибульківка", "Будівля старостату (DEMO)", "Вхід до старостату", ("0.0003", "-0.0002"), False, 30, True,
     Equipment.Status.IN_USE),
    ("Проточі", "Міст через Оріль (DEMO)", "Міст і під’їзд до нього", ("0.0040", "0.0052"), False, 14, True,
     Equipment.Status.IN_USE),
    ("Єгорине", "В’їзд до села (DEMO)", "Дорога на Цибульківку", ("-0.0030", "0.0025"), False, 14, True,
     Equipment.Status.IN_USE),
]

SLOBOZHANSKA_CONNECTIONS = [
    (None, "ТОВ «Слобожанський провайдер» (DEMO)", T.FIBRE, "1000", None, True, "2100,00", (0, 0)),
    ("Слобожанський ліцей", "ТОВ «Слобожанський провайдер» (DEMO)", T.FIBRE, "500", None, True, "1300,00",
     ("0.0040", "0.0030")),
]
SLOBOZHANSKA_CAMERAS = [
    ("Слобожанське", "Площа біля селищної ради (DEMO)", "Центральна площа", ("0.0005", "0.0004"), True, 30, True,
     Equipment.Status.IN_USE),
    ("Слобожанське", "В’їзд до селища (DEMO)", "Автодорога", ("-0.0110", "0.0090"), True, 30, True,
     Equipment.Status.IN_USE),
]


def _point(settlement_name: str, offset) -> tuple[Decimal | None, Decimal | None]:
    if offset is None or settlement_name not in PLACES:
        return None, None
    lat, lon = PLACES[settlement_name]
    return lat + Decimal(offset[0]), lon + Decimal(offset[1])


def _connections(report, hromada, actor, specs, council_settlement: str) -> None:
    institutions = {i.name: i for i in Institution.objects.filter(hromada=hromada).select_related("settlement")}
    settlements = {s.name: s for s in Settlement.objects.filter(hromada=hromada)}
    today = timezone.localdate()
    for index, (name, provider, technology, contracted, measured, corporate, cost, offset) in enumerate(specs):
        institution = institutions.get(name) if name else None
        if name and institution is None:
            continue
        if Connection.objects.filter(hromada=hromada, institution=institution, provider=provider,
                                     technology=technology).exists():
            continue
        settlement = institution.settlement if institution else settlements.get(council_settlement)
        lat, lon = _point(settlement.name if settlement else "", offset)
        services.create_connection(
            hromada, actor=actor, institution=institution, settlement=settlement, provider=provider,
            technology=technology, contracted_mbps=contracted, measured_mbps=measured,
            measured_on=today - timedelta(days=20 + index) if measured else None,
            contract=f"№ {index + 11}/2024 (DEMO)", contract_until=date(today.year + 1, 12, 31), monthly_cost=cost,
            corporate_network=corporate, latitude=lat, longitude=lon,
            address="вул. Центральна, 1 (DEMO)" if institution is None else "")
        report.count("internet connections", True)


def _cameras(report, hromada, actor, specs) -> None:
    from hromada.itassets.equipment import services as equipment

    settlements = {s.name: s for s in Settlement.objects.filter(hromada=hromada)}
    existing = {e.inventory_number: e for e in Equipment.objects.filter(hromada=hromada, category=Category.CAMERA)
                .select_related("camera")}
    today = timezone.localdate()
    for index, (place, location, watched, offset, police, retention, public, status) in enumerate(specs, start=1):
        settlement = settlements.get(place)
        if settlement is None:
            continue
        number = f"ВС-{index:03d}"
        item = existing.get(number)
        if item is None:
            bought = date(2021 + index % 4, 3 + index % 8, 10)
            item = equipment.create_item(
                hromada, actor, inventory_number=number, category=Category.CAMERA,
                name="IP-камера відеоспостереження вулична", manufacturer="Hikvision",
                model="DS-2CD2T43G2-4I (DEMO)", serial_number=f"DEMO-CAM-{hromada.pk}-{index:03d}",
                purchase_date=bought, cost=Decimal("7800.00"), funding_source=FundingSource.LOCAL, status=status,
                notes="Камера системи відеоспостереження громади (DEMO).")
            report.count("video-surveillance cameras", True)
        if Camera.objects.filter(equipment=item).exists():
            continue
        lat, lon = _point(place, offset)
        services.save_camera(
            item, actor=actor, hromada=hromada, settlement=settlement, location=location, watched_object=watched,
            latitude=lat, longitude=lon, police_connected=police,
            police_connected_on=min(today, date(2024, 9, 1) + timedelta(days=index * 7)) if police else None,
            retention_days=retention, public=public)


def seed(report) -> None:
    mohyliv = Hromada.objects.filter(katottg=MOHYLIV).first()
    actor = User.objects.filter(email=MANAGER, is_active=True).first()
    if mohyliv is not None and actor is not None:
        _connections(report, mohyliv, actor, MOHYLIV_CONNECTIONS, "Могилів")
        _cameras(report, mohyliv, actor, MOHYLIV_CAMERAS)
    slobozhanska = Hromada.objects.filter(katottg=SLOBOZHANSKA).first()
    admin = User.objects.filter(email=SLOBOZHANSKA_ADMIN, is_active=True).first()
    if slobozhanska is not None and admin is not None:
        _connections(report, slobozhanska, admin, SLOBOZHANSKA_CONNECTIONS, "Слобожанське")
        _cameras(report, slobozhanska, admin, SLOBOZHANSKA_CAMERAS)
