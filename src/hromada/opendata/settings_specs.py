"""Per-hromada settings of open data (the publisher's identity in the passports and the national catalogue)."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hromada.core.hromada_settings import SettingSpec, register
from hromada.core.validators import validate_edrpou

RESOLUTION = "Постанова КМУ від 21.10.2015 № 835"


def check_edrpou_or_empty(value: str) -> None:
    if value:
        validate_edrpou(value)


def check_domains(value: str) -> None:
    for item in filter(None, (part.strip() for part in str(value).split(","))):
        if not re.fullmatch(r"(?i)[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+", item):
            raise ValidationError(gettext("«%(value)s» is not a domain name such as rada.gov.ua.") % {"value": item})


register(SettingSpec(
    "opendata.publisher_edrpou", str, "", _("ЄДРПОУ code of the council as the publisher of open data"),
    f"{RESOLUTION}, Положення (паспорт набору даних)", validator=check_edrpou_or_empty,
))
register(SettingSpec(
    "opendata.official_domains", str, "",
    _("The council's official e-mail domains (comma-separated): addresses there are not personal data"),
    "ЗУ «Про захист персональних даних»; службові контакти оприлюднюються", validator=check_domains,
))
register(SettingSpec(
    "opendata.license", str, "CC-BY-4.0", _("Licence of the published datasets"),
    "ЗУ «Про доступ до публічної інформації», ст. 10-1 (вільне використання з посиланням на джерело)",
    choices=("CC-BY-4.0", "CC0-1.0", "ODC-BY-1.0"),
))
