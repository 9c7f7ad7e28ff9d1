"""Live indicators of the equipment register for the informatization programme (core.metrics).

The programme template's indicator of equipment age (seed 001) and seed 002's plan — about 70 % of computers
modern, 26 to write off within three years — read from here. «Computers» are desktop computers and laptops; the
park is what the hromada holds (every status but written off). Each figure is one aggregate query.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from hromada.core.core_metrics import UNIT_COUNT, UNIT_PERCENT
from hromada.core.metrics import metric, share
from hromada.itassets.equipment import selectors
from hromada.itassets.models import Equipment
from hromada.itassets.models.equipment import COMPUTER_CATEGORIES


@metric("itassets.computers_modern_share", name=_("Share of computers not older than five years"),
        unit=UNIT_PERCENT,
        source=_("Equipment register: desktop computers and laptops not written off, bought within the last five "
                 "years, of all of them (an item without a purchase date counts as older)"))
def computers_modern_share(hromada, at):
    figures = selectors.computer_figures(hromada, at)
    return share(figures["modern"], figures["total"])


@metric("itassets.computers_total", name=_("Computers in the park"), unit=UNIT_COUNT,
        source=_("Equipment register: desktop computers and laptops not written off"))
def computers_total(hromada, at):
    return selectors.computers(hromada).count()


@metric("itassets.computers_to_write_off", name=_("Computers to write off"), unit=UNIT_COUNT,
        source=_("Equipment register: desktop computers and laptops not written off, marked «to write off» or past "
                 "their useful life"))
def computers_to_write_off(hromada, at):
    return selectors.computer_figures(hromada, at)["to_write_off"]


@metric("itassets.computers_written_off", name=_("Computers written off"), unit=UNIT_COUNT, dated=True,
        source=_("Equipment register: desktop computers and laptops written off on or before the date"))
def computers_written_off(hromada, at):
    return Equipment.objects.filter(hromada=hromada, category__in=COMPUTER_CATEGORIES,
                                    status=Equipment.Status.WRITTEN_OFF, written_off_on__lte=at).count()
