"""Core's live open data (core.datasets): the directory of institutions (all-001) and the structure (all-002).

Institutions, departments and settlements carry no timestamps; every change of them goes through
core.services.save_record / delete_record, which write the audit log, so the log says when they last changed.
``last_logged_change`` and ``latest`` serve the other apps' datasets.py the same way.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db.models import Max
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from hromada.core.collation import uk
from hromada.core.datasets import Field, LiveDataset, LiveResource, register
from hromada.core.models import AuditEntry, Department, Institution

CHUNK = 2000
# Actions that change a record; views and exports are logged too but change nothing.
CHANGES = (AuditEntry.Action.CREATE, AuditEntry.Action.UPDATE, AuditEntry.Action.DELETE)
EDRPOU = {"pattern": "^[0-9]{8}$"}
BASIS = _("Постанова КМУ від 21.10.2015 № 835; ст. 10-1, 15 ЗУ «Про доступ до публічної інформації»")


def last_logged_change(hromada, *object_types: str) -> datetime | None:
    """When a record of these types (``app.model``) was last created, changed or deleted in the hromada."""
    return (AuditEntry.objects.filter(hromada=hromada, object_type__in=object_types, action__in=CHANGES)
            .aggregate(at=Max("at"))["at"])


def latest(*times: datetime | None) -> datetime | None:
    known = [t for t in times if t is not None]
    return max(known) if known else None


def labels(choices) -> dict[str, str]:
    """Value → label of a model's choices, in Ukrainian whatever language the caller (a request, a worker) has."""
    with translation.override(settings.LANGUAGE_CODE):
        return {value: str(label) for value, label in choices}


def text(value: str) -> str | None:
    """A blank text field is absent: null in JSON, an empty cell in CSV."""
    return value or None


# --- all-001: institutions -------------------------------------------------------------------------------


def institution_rows(hromada):
    kinds = labels(Institution.Kind.choices)
    rows = (Institution.objects.filter(hromada=hromada).select_related("settlement")
            .order_by(uk("name"), "pk").iterator(chunk_size=CHUNK))
    for item in rows:
        settlement = item.settlement
        yield (item.pk, item.name, text(item.short_name), kinds.get(item.kind, item.kind), item.edrpou,
               str(settlement) if settlement else None, settlement.katottg if settlement else None,
               text(item.address), text(item.head_name), text(item.phone), text(item.email), text(item.website))


INSTITUTIONS = register(LiveDataset(
    key="core.institutions",
    title=_("Довідник підприємств, установ та організацій розпорядника інформації та підпорядкованих йому "
            "організацій"),
    description=_(
        "Комунальні підприємства, установи та заклади громади (школи, садочки, заклади культури й охорони "
        "здоров’я, ЦНАП): повна і скорочена назва, тип, код ЄДРПОУ, населений пункт і його код КАТОТТГ, адреса, "
        "керівник, службові телефон, електронна пошта й вебсайт. Персональні дані працівників, крім імені "
        "керівника та службових контактів, до набору не входять."),
    obligation="all-001",
    frequency="on_change",
    keywords=(_("установи"), _("комунальні підприємства"), _("заклади"), _("ЄДРПОУ"), _("довідник")),
    topic="derzhava",
    basis=BASIS,
    purpose=_("Інформування про підприємства, установи й заклади громади та їхні службові контакти."),
    available=lambda hromada: Institution.objects.filter(hromada=hromada).exists(),
    resources=(LiveResource(
        key="institutions",
        title=_("Підприємства, установи та заклади"),
        fields=(
            Field("id", _("Ідентифікатор"), "integer", required=True),
            Field("name", _("Повна назва"), required=True),
            Field("shortName", _("Скорочена назва")),
            Field("kind", _("Тип закладу")),
            Field("edrpou", _("Код ЄДРПОУ"), constraints=EDRPOU),
            Field("settlement", _("Населений пункт")),
            Field("settlementKatottg", _("Код КАТОТТГ населеного пункту")),
            Field("address", _("Адреса")),
            Field("head", _("Керівник"), public_personal=True),
            Field("phone", _("Службовий телефон"), public_personal=True),
            Field("email", _("Службова електронна пошта"), public_personal=True),
            Field("website", _("Вебсайт"), public_personal=True),
        ),
        primary_key=("id",),
        rows=institution_rows,
        changed_at=lambda hromada: last_logged_change(hromada, "core.institution", "core.settlement"),
    ),),
))


# --- all-002: organisational structure -------------------------------------------------------------------


def department_rows(hromada):
    rows = (Department.objects.filter(hromada=hromada).order_by(uk("name"), "pk")
            .values_list("pk", "name", "short_name", "head_name", "email", "phone").iterator(chunk_size=CHUNK))
    for pk, name, short_name, head, email, phone in rows:
        yield pk, name, text(short_name), text(head), text(email), text(phone)


STRUCTURE = register(LiveDataset(
    key="core.structure",
    title=_("Інформація про організаційну структуру розпорядника інформації"),
    description=_(
        "Структурні підрозділи ради та її виконавчого комітету: назва, скорочена назва, ім’я керівника, "
        "службові електронна пошта й телефон підрозділу. Персональні дані працівників, крім імені керівника та "
        "службових контактів підрозділу, до набору не входять."),
    obligation="all-002",
    frequency="on_change",
    keywords=(_("структура"), _("підрозділи"), _("відділи"), _("виконавчий комітет")),
    topic="derzhava",
    basis=BASIS,
    purpose=_("Інформування про структуру органу місцевого самоврядування та службові контакти підрозділів."),
    available=lambda hromada: Department.objects.filter(hromada=hromada).exists(),
    resources=(LiveResource(
        key="departments",
        title=_("Структурні підрозділи"),
        fields=(
            Field("id", _("Ідентифікатор"), "integer", required=True),
            Field("name", _("Назва підрозділу"), required=True),
            Field("shortName", _("Скорочена назва")),
            Field("head", _("Керівник"), public_personal=True),
            Field("email", _("Службова електронна пошта"), public_personal=True),
            Field("phone", _("Службовий телефон"), public_personal=True),
        ),
        primary_key=("id",),
        rows=department_rows,
        changed_at=lambda hromada: last_logged_change(hromada, "core.department"),
    ),),
))
