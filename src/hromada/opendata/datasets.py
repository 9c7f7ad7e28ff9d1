"""The open-data module's own live dataset: the register of the council's datasets (all-007), generated from
the passports, in the columns data.gov.ua's register template has (they are DCAT and vCard terms)."""

from __future__ import annotations

from django.db.models import Max
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hromada.core.datasets import Field, LiveDataset, LiveResource, register
from hromada.core.hromada_settings import get_setting
from hromada.core.notifications.service import absolute_url

BASIS = _("Постанова КМУ від 21.10.2015 № 835 (перелік наборів даних, розділ «Усі розпорядники»); "
          "ст. 10-1 ЗУ «Про доступ до публічної інформації»")


def register_rows(hromada):
    from hromada.opendata.models import Dataset, DatasetStatus, Frequency

    labels = dict(Frequency.choices)
    publisher = hromada.council_name or hromada.name
    edrpou = get_setting(hromada, "opendata.publisher_edrpou") or ""
    qs = (Dataset.objects.filter(hromada=hromada, status=DatasetStatus.PUBLISHED)
          .prefetch_related("resources").order_by("identifier"))
    for dataset in qs.iterator(chunk_size=500):
        yield (dataset.identifier, dataset.title, dataset.description, str(labels[dataset.frequency]),
               ", ".join(dataset.keywords), dataset.purpose,
               absolute_url(hromada, reverse("opendata:dataset", args=[dataset.slug])), ", ".join(dataset.formats),
               publisher, edrpou, dataset.contact_name, dataset.contact_email)


def register_changed(hromada):
    from hromada.opendata.models import Dataset

    return Dataset.objects.filter(hromada=hromada).aggregate(at=Max("updated_at"))["at"]


register(LiveDataset(
    key="opendata.register",
    title=_("Реєстр наборів даних, що перебувають у володінні розпорядника інформації"),
    description=_("Перелік наборів відкритих даних ради: ідентифікатор, назва, опис, періодичність оновлення, "
                  "ключові слова, призначення, посилання, формати, розпорядник і відповідальна особа. Формується "
                  "автоматично з паспортів наборів; чернетки та відкликані набори не включаються."),
    obligation="all-007", frequency="on_change", topic="derzhava",
    keywords=(_("відкриті дані"), _("реєстр наборів даних")), basis=BASIS,
    purpose=_("Інформування про набори даних ради, які оприлюднюються у формі відкритих даних."),
    resources=(LiveResource(
        key="register", title=_("Реєстр наборів даних"),
        fields=(
            Field("identifier", _("Ідентифікатор набору даних"), required=True),
            Field("title", _("Назва набору даних"), required=True),
            Field("description", _("Опис набору даних")),
            Field("accrualPeriodicity", _("Періодичність оновлення")),
            Field("keyword", _("Ключові слова")),
            Field("purpose", _("Призначення")),
            Field("landingPage", _("Посилання на набір даних")),
            Field("distributionFormat", _("Формати")),
            Field("publisherName", _("Розпорядник інформації")),
            Field("publisherIdentifier", _("Код ЄДРПОУ розпорядника"), constraints={"pattern": "^([0-9]{8})?$"}),
            Field("contactPointFn", _("Відповідальна особа"), public_personal=True),
            Field("contactPointHasEmail", _("Електронна пошта відповідальної особи"), public_personal=True),
        ),
        primary_key=("identifier",), rows=register_rows, changed_at=register_changed,
    ),),
))
