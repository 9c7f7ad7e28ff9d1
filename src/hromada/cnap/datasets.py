"""The ЦНАП catalogue of administrative services as live open data (core.datasets; 835: mun-cnap).

The rows are those of the catalogue's public open-data files (``catalogue.exports.open_data_values``), so the
dataset and the files on the services page cannot drift apart: the services residents see (in the catalogue,
with an approved card), each with its approved card's terms, fee, documents and approving act.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import Max
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from hromada.cnap.catalogue import selectors as catalogue
from hromada.cnap.catalogue.exports import OPEN_DATA_HEADER, open_data_values
from hromada.cnap.models import Service, ServiceCard
from hromada.core.core_datasets import last_logged_change, latest
from hromada.core.datasets import Field, LiveDataset, LiveResource, register
from hromada.core.notifications.service import site_root

CHUNK = 2000

FIELDS = (
    Field("identifier", _("Ідентифікатор послуги"), "integer", required=True),
    Field("code", _("Код послуги"), description=_("Код послуги в переліку громади, якщо його присвоєно.")),
    Field("title", _("Назва адміністративної послуги"), required=True),
    Field("category", _("Категорія послуг")),
    Field("provider", _("Суб’єкт надання послуги")),
    Field("providerUnit", _("Структурний підрозділ, що надає послугу")),
    Field("paid", _("Платна послуга"), "boolean", required=True),
    Field("fee", _("Розмір плати, грн"), "number", constraints={"minimum": 0}),
    Field("term", _("Строк надання послуги")),
    Field("termBasis", _("Підстава строку")),
    Field("result", _("Результат надання послуги")),
    Field("online", _("Можна подати заяву онлайн"), "boolean", required=True),
    Field("offices", _("Де надається"), description=_("Назви діючих офісів ЦНАП через крапку з комою.")),
    Field("documents", _("Перелік документів"), description=_("Через крапку з комою, як в інформаційній картці.")),
    Field("legalActs", _("Нормативно-правові акти"), description=_("Через крапку з комою.")),
    Field("cardVersion", _("Редакція інформаційної картки"), "integer", required=True),
    Field("approvedAt", _("Дата затвердження картки"), "date"),
    Field("approvingAct", _("Акт, яким затверджено картку")),
    Field("url", _("Сторінка послуги"), required=True),
)
assert tuple(f.name for f in FIELDS) == OPEN_DATA_HEADER


def _services(hromada):
    return (catalogue.public_services(hromada).select_related("card__act").prefetch_related("offices")
            .order_by("code", "title", "pk"))


def service_rows(hromada):
    base = site_root(hromada) + reverse("cnap:index")
    values = open_data_values(_services(hromada).iterator(chunk_size=CHUNK), base)
    while True:
        # Each row in Ukrainian (the term's unit is a translated label) without leaving the language switched
        # for the caller between rows.
        with translation.override(settings.LANGUAGE_CODE):
            row = next(values, None)
        if row is None:
            return
        yield tuple(None if value == "" else value for value in row)


def services_changed_at(hromada):
    cards = ServiceCard.objects.filter(service__hromada=hromada).aggregate(at=Max("changed_at"))["at"]
    # Services, offices and categories carry no timestamp; their writes are logged.
    return latest(cards, last_logged_change(hromada, "cnap.service", "cnap.servicecard", "cnap.office",
                                            "cnap.category"))


register(LiveDataset(
    key="cnap.services",
    title=_("Перелік адміністративних послуг, які надаються через центр надання адміністративних послуг"),
    description=_(
        "Каталог адміністративних послуг ЦНАП громади за затвердженими інформаційними картками: назва і код "
        "послуги, категорія, суб’єкт надання, платність і розмір плати, строк і його підстава, результат, "
        "можливість подати заяву онлайн, офіси, де послуга надається, перелік документів, нормативні акти, "
        "редакція картки та акт, яким її затверджено. Послуги без затвердженої картки й виключені з каталогу, "
        "чернетки карток, технологічні картки та заяви мешканців до набору не входять."),
    resources=(LiveResource(
        key="services",
        title=_("Адміністративні послуги ЦНАП"),
        description=_("Послуги каталогу ЦНАП із затвердженими інформаційними картками."),
        fields=FIELDS,
        primary_key=("identifier",),
        rows=service_rows,
        changed_at=services_changed_at,
    ),),
    frequency="on_change",
    obligation="mun-cnap",
    keywords=(_("ЦНАП"), _("адміністративні послуги"), _("інформаційні картки"), _("послуги")),
    topic="derzhava",
    basis=_("ст. 8, 12 Закону України «Про адміністративні послуги» від 06.09.2012 № 5203-VI; Постанова КМУ від "
            "21.10.2015 № 835"),
    purpose=_("Інформування про адміністративні послуги, умови й строки їх надання та місця звернення"),
    available=lambda hromada: Service.objects.filter(hromada=hromada).exists(),
))
