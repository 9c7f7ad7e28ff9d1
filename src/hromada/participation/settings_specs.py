"""Per-hromada settings of e-petitions, with their basis (reference §1.3).

The law (Art. 23-1 of the Law «Про звернення громадян») leaves the threshold and the collection period of a
local petition to the statute of the territorial community; the hromada writes its own statute reference in
``petitions.statute_reference`` and it is shown beside every figure. Who may sign is the resident module's
eligibility (``eligibility.sign.*``); who may vote in the budget is ``eligibility.vote.*``.
"""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hromada.core.cases.numbering import check_pattern
from hromada.core.hromada_settings import SettingSpec, register

LAW = "Law «Про звернення громадян», Art. 23-1"
STATUTE = "Статут територіальної громади (Art. 23-1 leaves it to the statute)"


def check_percent(value: str) -> None:
    try:
        share = Decimal(str(value).replace(",", ".").replace(" ", ""))
    except InvalidOperation:
        raise ValidationError(_("Enter a share in per cent such as 0,2.")) from None
    if not (Decimal(0) < share <= Decimal(100)) or share.as_tuple().exponent < -3:
        raise ValidationError(_("Enter a share in per cent such as 0,2."))


register(SettingSpec(
    "petitions.statute_reference", str, "Статут територіальної громади",
    gettext_lazy("Where the statute (or the council's Порядок) sets the petition rules"), LAW,
))
register(SettingSpec(
    "petitions.threshold_mode", str, "number",
    gettext_lazy("Signatures needed are a fixed number or a share of the registered residents"), STATUTE,
    choices=("number", "share"),
))
register(SettingSpec(
    "petitions.threshold", int, 100, gettext_lazy("Signatures needed (a fixed number)"), STATUTE, minimum=1,
))
register(SettingSpec(
    "petitions.threshold_share", str, "0,2",
    gettext_lazy("Signatures needed as a share of the residents registered on 1 January, %"), STATUTE,
    validator=check_percent,
))
register(SettingSpec(
    "petitions.collection_days", int, 60, gettext_lazy("Signatures are collected for, calendar days"), STATUTE,
    minimum=1,
))
register(SettingSpec(
    "petitions.moderation_working_days", int, 2,
    gettext_lazy("A submitted petition is published or refused within, working days"), LAW, minimum=1,
))
register(SettingSpec(
    "petitions.consideration_working_days", int, 10,
    gettext_lazy("A petition that collected the signatures is considered within, working days"), LAW, minimum=1,
))
register(SettingSpec(
    "petitions.considered_by", str, "council",
    gettext_lazy("Who considers the petitions (council, executive committee or the head)"), STATUTE,
    choices=("council", "executive_committee", "head"),
))
register(SettingSpec(
    "cases.number_pattern.petition", str, "П-{year}/{seq:04d}", gettext_lazy("Number pattern of petition cases"),
    "Інструкція з діловодства за зверненнями громадян (CMU Resolution No. 348 of 14.04.1997)",
    validator=check_pattern,
))
