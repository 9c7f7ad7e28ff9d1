"""Per-hromada settings of the ЦНАП and its e-queue, with their basis (reference §3).

No Ukrainian law sets e-queue rules (reference §3.4: no statutory norm found); the defaults follow the national
benchmark, the MVS «Е-запис» (21 days ahead, a new day opening at 06:00, 4 online bookings a month with
cancellations counting, online booking blocked after 4 no-shows), and Cherkasy ЦНАП's late-arrival rule.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hromada.core.hromada_settings import SettingSpec, register


def check_hhmm(value: str) -> None:
    if not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", str(value)):
        raise ValidationError(gettext("Give a time as HH:MM, such as 20:00."))

LAW = "Law «Про адміністративні послуги» No. 5203-VI"
PRACTICE = "ЦНАП regulations of the hromada (no statutory norm; defaults as the MVS «Е-запис»)"

register(SettingSpec(
    "cnap.max_term_days", int, 30,
    _("Maximum term of a service when its law sets none, calendar days"), f"{LAW}, Art. 10", minimum=1,
))
# Art. 12: reception at least so many days a week, 7 hours a day without a lunch break, one day until 20:00
# [M in the reference: the exact figures to be checked against the statute's current wording].
register(SettingSpec(
    "cnap.min_days_per_week", int, 6, _("Reception days a week the law requires at least"), f"{LAW}, Art. 12",
    minimum=1,
))
register(SettingSpec(
    "cnap.min_hours_per_day", int, 7, _("Reception hours a day without a lunch break the law requires at least"),
    f"{LAW}, Art. 12", minimum=1,
))
register(SettingSpec(
    "cnap.late_day_until", str, "20:00", _("At least one day a week the reception lasts until"),
    f"{LAW}, Art. 12", validator=check_hhmm,
))
register(SettingSpec(
    "cnap.booking_days_ahead", int, 21, _("Online booking is open for so many days ahead"), PRACTICE, minimum=1,
))
register(SettingSpec(
    "cnap.booking_opens_hour", int, 6, _("A new day opens for booking at this hour (Kyiv time)"), PRACTICE,
    minimum=0,
))
register(SettingSpec(
    "cnap.bookings_per_month", int, 4,
    _("Online bookings a person may make in a calendar month (cancelled ones count)"), PRACTICE, minimum=1,
))
register(SettingSpec(
    "cnap.no_show_limit", int, 4, _("No-shows after which online booking is blocked until a personal visit"),
    PRACTICE, minimum=1,
))
register(SettingSpec(
    "cnap.late_minutes", int, 5,
    _("A booked visitor later than so many minutes joins the live queue"), PRACTICE, minimum=0,
))
register(SettingSpec(
    "cnap.cancel_until_minutes", int, 60, _("A booking may be cancelled or moved until so many minutes before it"),
    PRACTICE, minimum=0,
))
