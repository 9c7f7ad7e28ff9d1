"""Fixes to monitoring as staff and residents meet it: progress figures, snapshot dates, running totals."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from hromada.programmes import progress, reports
from hromada.programmes.models import Indicator
from hromada.programmes.services import monitoring
from hromada.programmes.services import programme as svc
from tests.factories import InstitutionFactory
from tests.programmes.builders import approved_programme, manager

D = Decimal
WEBSITES = "Частка комунальних закладів із власним вебсайтом"


def dec(value):
    return None if value is None else D(value)


# --- 1. progress of an indicator --------------------------------------------------------------------------


@pytest.mark.parametrize(("baseline", "target", "actual", "expected"), [
    ("25", "50", "0", "0.0"),  # the demo's websites: below the baseline is no progress, not −100 %
    ("25", "50", "30", "20.0"),
    ("25", "50", "75", "100.0"),  # beyond the target: reached
    ("0", "8", "5", "62.5"),  # a zero baseline is a real start
    ("10", "0", "4", "60.0"),  # lower is better: a target below the baseline, falling towards it
    ("10", "0", "12", "0.0"),  # ... and rising away from it
    ("10", "0", "0", "100.0"),  # ... a zero target reached
    ("5", "5", "5", "100.0"),  # keep the level: kept
    ("5", "5", "6", None),  # ... not kept, and which side is better is unknown
    ("0", "0", "0", "100.0"),
    (None, "50", "20", None),  # no baseline: the way's start is unknown
    (None, "0", "3", None),
    ("25", None, "30", None),  # no target
    ("25", "50", None, None),  # no actual value
])
def test_share_of_the_way_has_no_nonsense_figures(baseline, target, actual, expected):
    assert progress.share_of_way(dec(baseline), dec(target), dec(actual)) == dec(expected)
    assert reports.achievement(dec(baseline), dec(target), dec(actual)) == expected


def _bar_value(page: str, name: str) -> str:
    match = re.search(re.escape(f'<span class="bar-label">{name}</span>') + r'.*?<span class="bar-value">(.*?)</span>',
                      page, re.S)
    assert match, name
    return match.group(1)


def _table_achievement(page: str, name: str) -> str:
    match = re.search(r"<tr><th scope=\"row\">" + re.escape(name) + r"</th>.*?</tr>", page, re.S)
    assert match, name
    return re.findall(r'<td class="num">(.*?)</td>', match.group(0))[-1]


@pytest.mark.django_db
def test_websites_indicator_below_its_baseline_reads_0_on_all_three_pages(client_a, hromada_a):
    """The demo's indicator: 25 % in 2025, target 50 % in 2026, the register has no institution with a website."""
    actor = manager(hromada_a)
    programme = approved_programme(hromada_a, actor)
    InstitutionFactory.create_batch(4, hromada=hromada_a, website="")
    svc.start_amendment(programme, actor=actor, hromada=hromada_a)
    svc.save_indicator(Indicator(programme=programme, name=WEBSITES, unit="%", baseline_value=D(25),
                                 baseline_year=2025, metric_key="core.institutions_with_website"),
                       actor=actor, hromada=hromada_a, targets={2026: D(50), 2027: D(75), 2028: D(100)})
    programme = svc.transition(programme, actor=actor, hromada=hromada_a, to="review")
    programme = svc.transition(programme, actor=actor, hromada=hromada_a, to="approved",
                               decision="Рішення сесії № 14/2", decided_on=date(2026, 1, 20))
    period = monitoring.open_period(programme, actor=actor, hromada=hromada_a, kind="quarter", year=2026, quarter=1)
    monitoring.take_snapshots(period, actor=actor, hromada=hromada_a, today=date(2026, 4, 2))
    assert programme.indicators.get(name=WEBSITES).years.get(year=2026).actual == D(0)

    client_a.force_login(actor)
    pages = {
        "dashboard": client_a.get(reverse("programmes:detail", args=[programme.pk])).content.decode(),
        "indicators": client_a.get(reverse("programmes:indicators", args=[programme.pk])).content.decode(),
    }
    client_a.logout()
    pages["portal"] = client_a.get(reverse("programmes_public:detail", args=[programme.pk])).content.decode()
    for name, page in pages.items():
        assert _bar_value(page, WEBSITES) == "0%", name
        assert _table_achievement(page, WEBSITES) == "0", name
        assert "-100" not in page and "−100" not in page, name
    data = reports.build(programme, 2026)
    section = next(s for s in data["effectiveness"]["sections"] if s["key"] == "indicators")
    row = next(r for r in section["rows"] if r["name"] == WEBSITES)
    assert (row["baseline"], row["target"], row["actual"], row["achievement"]) == ("25.000", "50.000", "0.000", "0.0")
