"""A year of cases whose figures are worked out by hand (the tests of the figures and the metrics).

2026, hromada A (martial law or not, no holiday falls inside any of these spans):

=  ====  ============  ========  ===========  ==================  ==================  ====  ====  =======
#  kind  unit          category  channel      received            answered            days  w.d.  on time
=  ====  ============  ========  ===========  ==================  ==================  ====  ====  =======
1  app.  roads         Дороги    portal       2 Mar 10:00         5 Mar 12:00            3     3  yes
2  app.  roads         Дороги    email        9 Mar 10:00         20 Mar 12:00          11     9  yes
3  app.  roads         —         post         16 Mar 10:00        9 Apr 12:00           24    18  no (6 Apr)
4  info  water         —         portal       10 Mar 09:00 (48 h) 12 Mar 10:00           2     2  no (09:00)
5  info  water         —         portal       4 May 10:00         —
6  hot.  —             —         phone        5 May 10:00         5 May 15:00            0     0  yes
9  info  water         —         portal       8 Jun 10:00         10 Jun 16:00           2     2  yes
=  ====  ============  ========  ===========  ==================  ==================  ====  ====  =======

plus one appeal received on 31 December 2025 and one of hromada B, which never count; and hotline calls:
three in January 2026, two in May 2026, one in 2025 (and one of hromada B).
"""

from __future__ import annotations

from datetime import date

from hromada.appeals.models import HotlineCall
from hromada.core.models import CaseCategory
from tests.core.case_builders import at, case
from tests.factories import DepartmentFactory


def build(hromada, other) -> dict:
    roads = DepartmentFactory(hromada=hromada, name="Відділ доріг")
    water = DepartmentFactory(hromada=hromada, name="Водоканал")
    DepartmentFactory(hromada=hromada, name="Порожній відділ")
    roads_cat = CaseCategory.objects.create(hromada=hromada, name="Дороги")
    made = {
        1: case(hromada, department=roads, category=roads_cat, channel="portal", received=at(2026, 3, 2, 10),
                answered=at(2026, 3, 5, 12), due=date(2026, 4, 2), status="answered"),
        2: case(hromada, department=roads, category=roads_cat, channel="email", received=at(2026, 3, 9, 10),
                answered=at(2026, 3, 20, 12), due=date(2026, 4, 9), status="answered"),
        3: case(hromada, department=roads, channel="post", received=at(2026, 3, 16, 10),
                answered=at(2026, 4, 9, 12), due=date(2026, 4, 6), status="closed"),
        4: case(hromada, kind="info_request", department=water, channel="portal", received=at(2026, 3, 10, 9),
                answered=at(2026, 3, 12, 10), due=date(2026, 3, 12), due_at=at(2026, 3, 12, 9), unit="hours",
                urgent=True, status="answered"),
        5: case(hromada, kind="info_request", department=water, channel="portal", received=at(2026, 5, 4, 10),
                due=date(2026, 5, 11)),
        6: case(hromada, kind="hotline", channel="phone", received=at(2026, 5, 5, 10), answered=at(2026, 5, 5, 15),
                due=date(2026, 5, 20), status="answered"),
        9: case(hromada, kind="info_request", department=water, channel="portal", received=at(2026, 6, 8, 10),
                answered=at(2026, 6, 10, 16), due=date(2026, 6, 15), status="answered"),
    }
    case(hromada, department=roads, channel="portal", received=at(2025, 12, 31, 10), answered=at(2026, 1, 5, 10),
         due=date(2026, 1, 30), status="answered")
    case(other, channel="portal", received=at(2026, 3, 2, 10), answered=at(2026, 3, 3, 10), due=date(2026, 4, 2),
         status="answered")
    for moment in (at(2026, 1, 5, 9), at(2026, 1, 6, 9), at(2026, 1, 31, 23, 30), at(2026, 5, 5, 9),
                   at(2026, 5, 6, 9), at(2025, 12, 31, 23)):
        HotlineCall.objects.create(hromada=hromada, received_at=moment, summary="Питання", outcome="consulted")
    HotlineCall.objects.create(hromada=other, received_at=at(2026, 2, 2, 9), summary="Питання", outcome="consulted")
    return {"cases": made, "roads": roads, "water": water, "category": roads_cat}
