"""Per-hromada settings of appeals, the hotline and information requests, with their legal basis.

The general terms (``appeals.term_months``, ``appeals.max_term_days``, ``public_info.term_working_days``,
``public_info.extended_term_working_days``) are declared in core; these add the rest of the clocks.
"""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hromada.core.cases.numbering import check_pattern
from hromada.core.hromada_settings import SettingSpec, register

APPEALS_LAW = "Law «Про звернення громадян»"
INFO_LAW = "Law «Про доступ до публічної інформації»"


def check_money(value: str) -> None:
    try:
        amount = Decimal(value.replace(",", ".").replace(" ", ""))
    except InvalidOperation:
        raise ValidationError(_("Enter an amount such as 0,50.")) from None
    if amount < 0 or amount.as_tuple().exponent < -2:
        raise ValidationError(_("Enter an amount such as 0,50."))


register(SettingSpec(
    "appeals.simple_term_days", int, 15,
    gettext_lazy("Term for an appeal that needs no additional study, calendar days"), f"{APPEALS_LAW}, Art. 20",
    minimum=1,
))
register(SettingSpec(
    "appeals.forward_days", int, 5, gettext_lazy("An appeal outside the competence is forwarded within, days"),
    f"{APPEALS_LAW}, Art. 7", minimum=1,
))
register(SettingSpec(
    "appeals.repeat_window_days", int, 365,
    gettext_lazy("An appeal on the same matter by the same person within this many days is marked repeated"),
    f"{APPEALS_LAW}, Art. 8 (repeated appeals)", minimum=1,
))
register(SettingSpec(
    "public_info.urgent_hours", int, 48,
    gettext_lazy("Term for an urgent public-information request (life, liberty, environment, emergencies), hours"),
    f"{INFO_LAW}, Art. 20 part 2", minimum=1,
))
register(SettingSpec(
    "public_info.extension_notice_working_days", int, 5,
    gettext_lazy("The requester is told of an extension within, working days"), f"{INFO_LAW}, Art. 20 part 4",
    minimum=1,
))
register(SettingSpec(
    "public_info.forward_working_days", int, 5,
    gettext_lazy("A request for information the council does not hold is forwarded within, working days"),
    f"{INFO_LAW}, Art. 22 part 3", minimum=1,
))
register(SettingSpec(
    "public_info.free_pages", int, 10, gettext_lazy("Pages of copies given free of charge"),
    f"{INFO_LAW}, Art. 21 part 2", minimum=0,
))
register(SettingSpec(
    "public_info.page_fee", str, "0",
    gettext_lazy("Fee per page of copies above the free pages, UAH (0: free)"),
    f"{INFO_LAW}, Art. 21; CMU Resolution No. 740 of 13.07.2011 (the limits)", validator=check_money,
))
for key, label, default in (
    ("appeal", gettext_lazy("Number pattern of appeals"), "З-{year}/{seq:06d}"),
    ("hotline", gettext_lazy("Number pattern of hotline cases"), "ГЛ-{year}/{seq:06d}"),
    ("info_request", gettext_lazy("Number pattern of public-information requests"), "ЗІ-{year}/{seq:06d}"),
):
    register(SettingSpec(f"cases.number_pattern.{key}", str, default, label,
                         "Інструкція з діловодства за зверненнями громадян (CMU Resolution No. 348 of 14.04.1997)",
                         validator=check_pattern))
