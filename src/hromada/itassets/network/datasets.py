"""Connectivity of institutions and the video-surveillance cameras as live open data (core.datasets), the same
rows the public pages at /it/ show and download.

Only what is public: a connection's institution, settlement, technology, contracted speed band and whether it is
joined to the corporate network (never the contract, the cost, the provider's exact figure or the measured
speed); a camera's settlement, place, what it watches and whether it is connected to the police (never its
stream, its address in the network, its model or how long recordings are kept). Each dataset yields rows only
while the hromada publishes the page (``itassets.publish_connectivity`` / ``itassets.publish_cameras``).
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from hromada.core.collation import uk
from hromada.core.core_datasets import EDRPOU, labels, last_logged_change, latest, text
from hromada.core.datasets import Field, LiveDataset, LiveResource, register
from hromada.core.hromada_settings import get_setting
from hromada.core.models import Institution
from hromada.itassets.models import Camera, Category, Connection, Equipment
from hromada.itassets.network.selectors import FAST_MBPS, band, council_first

CHUNK = 2000
BASIS = _("Постанова КМУ від 21.10.2015 № 835; ст. 10-1 ЗУ «Про доступ до публічної інформації»; програма "
          "інформатизації громади (шаблон Мінцифри 2024, додаток 2: показники)")
BAND_CODES = {"enum": ["lt10", "10-30", "30-100", "100-1000", "1000+"]}


def _on(hromada, key: str) -> bool:
    return bool(get_setting(hromada, key))


# --- connectivity ------------------------------------------------------------------------------------------


def connectivity_rows(hromada):
    if not _on(hromada, "itassets.publish_connectivity"):
        return
    technologies, kinds = labels(Connection.Technology.choices), labels(Institution.Kind.choices)
    rows = (Connection.objects.filter(hromada=hromada, active=True, public=True)
            .select_related("institution", "institution__settlement", "settlement")
            .order_by(*council_first()).iterator(chunk_size=CHUNK))
    for conn in rows:
        institution = conn.institution
        settlement = conn.settlement or (institution.settlement if institution else None)
        yield (conn.pk, institution.name if institution else hromada.council_name,
               institution.edrpou if institution else None,
               kinds.get(institution.kind, institution.kind) if institution else None,
               str(settlement) if settlement else None, settlement.katottg if settlement else None,
               technologies.get(conn.technology, conn.technology), band(conn.contracted_mbps)[0],
               conn.contracted_mbps >= FAST_MBPS, conn.corporate_network, conn.latitude, conn.longitude)


def connectivity_changed_at(hromada) -> datetime | None:
    stamp = Connection.objects.filter(hromada=hromada).aggregate(at=Max("updated_at"))["at"]
    return latest(stamp, last_logged_change(hromada, "core.institution", "core.settlement", "core.hromada"))


CONNECTIVITY = register(LiveDataset(
    key="itassets.connectivity",
    title=_("Підключення закладів до Інтернету"),
    description=_(
        "Підключення сільської (селищної, міської) ради та її комунальних закладів до Інтернету: заклад і його "
        "код ЄДРПОУ, тип закладу, населений пункт і його код КАТОТТГ, технологія підключення, діапазон швидкості "
        "за договором (lt10 — менше 10 Мбіт/с; 10-30; 30-100; 100-1000 — від 100 Мбіт/с до 1 Гбіт/с; 1000+ — "
        "1 Гбіт/с і більше), ознака високошвидкісного підключення (від 100 Мбіт/с) і підключення до "
        "корпоративної мережі громади, координати. Умов і вартості договорів набір не містить."),
    frequency="on_change",
    keywords=(_("Інтернет"), _("підключення"), _("широкосмуговий доступ"), _("корпоративна мережа"),
              _("заклади")),
    topic="rehionalnyi-rozvytok",
    basis=BASIS,
    purpose=_("Моніторинг показників програми інформатизації: підключення закладів громади до "
              "високошвидкісного Інтернету та корпоративної мережі."),
    available=lambda hromada: (_on(hromada, "itassets.publish_connectivity")
                               and Connection.objects.filter(hromada=hromada, active=True, public=True).exists()),
    resources=(LiveResource(
        key="connections",
        title=_("Підключення до Інтернету"),
        fields=(
            Field("id", _("Ідентифікатор"), "integer", required=True),
            Field("institution", _("Заклад (установа)"), required=True),
            Field("institutionEdrpou", _("Код ЄДРПОУ закладу"), constraints=EDRPOU),
            Field("institutionKind", _("Тип закладу")),
            Field("settlement", _("Населений пункт")),
            Field("settlementKatottg", _("Код КАТОТТГ населеного пункту")),
            Field("technology", _("Технологія підключення"), required=True),
            Field("speedBand", _("Діапазон швидкості за договором"), required=True, constraints=BAND_CODES,
                  description=_("lt10, 10-30, 30-100, 100-1000 або 1000+ (Мбіт/с; нижня межа входить)")),
            Field("highSpeed", _("Високошвидкісне (від 100 Мбіт/с)"), "boolean", required=True),
            Field("corporateNetwork", _("Підключено до корпоративної мережі"), "boolean", required=True),
            Field("latitude", _("Широта"), "number", constraints={"minimum": -90, "maximum": 90}),
            Field("longitude", _("Довгота"), "number", constraints={"minimum": -180, "maximum": 180}),
        ),
        primary_key=("id",),
        rows=connectivity_rows,
        changed_at=connectivity_changed_at,
    ),),
))


# --- cameras -----------------------------------------------------------------------------------------------


def camera_rows(hromada):
    if not _on(hromada, "itassets.publish_cameras"):
        return
    rows = (Camera.objects.filter(equipment__hromada=hromada, equipment__category=Category.CAMERA,
                                  equipment__status=Equipment.Status.IN_USE, public=True)
            .select_related("settlement").order_by(uk("settlement__name"), "location", "pk")
            .iterator(chunk_size=CHUNK))
    for cam in rows:
        settlement = cam.settlement
        yield (cam.pk, str(settlement) if settlement else None, settlement.katottg if settlement else None,
               text(cam.location), text(cam.watched_object), cam.latitude, cam.longitude, cam.police_connected)


def cameras_changed_at(hromada) -> datetime | None:
    """A camera's details (logged) or its item (its status) changed, or a settlement was renamed."""
    stamp = Equipment.objects.filter(hromada=hromada, category=Category.CAMERA).aggregate(
        at=Max("updated_at"))["at"]
    return latest(stamp, last_logged_change(hromada, "itassets.camera", "itassets.equipment", "core.settlement",
                                         "core.hromada"))


CAMERAS = register(LiveDataset(
    key="itassets.cameras",
    title=_("Камери відеоспостереження"),
    description=_(
        "Розташування камер системи відеоспостереження громади, що працюють: населений пункт і його код "
        "КАТОТТГ, місце встановлення, об’єкт спостереження, координати та ознака підключення до системи "
        "поліції. Лише місця: відеопотоків, записів, мережевих адрес і технічних характеристик камер набір "
        "не містить."),
    frequency="on_change",
    keywords=(_("відеоспостереження"), _("камери"), _("безпека"), _("громадський порядок")),
    topic="sotsialnyi-zakhyst",
    basis=_("Постанова КМУ від 21.10.2015 № 835; ст. 10-1 ЗУ «Про доступ до публічної інформації»"),
    purpose=_("Інформування мешканців про місця відеоспостереження в громаді."),
    available=lambda hromada: (_on(hromada, "itassets.publish_cameras") and Camera.objects.filter(
        equipment__hromada=hromada, equipment__status=Equipment.Status.IN_USE, public=True).exists()),
    resources=(LiveResource(
        key="cameras",
        title=_("Камери відеоспостереження"),
        fields=(
            Field("id", _("Ідентифікатор"), "integer", required=True),
            Field("settlement", _("Населений пункт")),
            Field("settlementKatottg", _("Код КАТОТТГ населеного пункту")),
            Field("location", _("Місце встановлення")),
            Field("watchedObject", _("Об’єкт спостереження")),
            Field("latitude", _("Широта"), "number", constraints={"minimum": -90, "maximum": 90}),
            Field("longitude", _("Довгота"), "number", constraints={"minimum": -180, "maximum": 180}),
            Field("policeConnected", _("Підключено до системи поліції"), "boolean", required=True),
        ),
        primary_key=("id",),
        rows=camera_rows,
        changed_at=cameras_changed_at,
    ),),
))
