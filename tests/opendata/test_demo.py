"""The demo's open data: Mohyliv's obligations decided, 25 datasets (16 generated, 9 uploaded) all published and
valid, one overdue and one due within the reminder window; Slobozhanska's two; a second run duplicates nothing."""

from __future__ import annotations

import pytest
from django.utils import timezone

from hromada.core.deadlines import calendar_for
from hromada.core.demo.seed import seed_demo
from hromada.opendata import schedule
from hromada.opendata.models import Dataset, ObligationChoice, ResourceVersion

pytestmark = pytest.mark.django_db
# The generated datasets read the other apps' registers; empty ones publish empty tables just as well.
SKIP = frozenset({"acts", "appeals", "participation", "cnap", "itassets"})


def test_the_demo_open_data(settings):
    settings.DEMO_PASSWORD = "demo-pass-2026"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    seed_demo(skip_apps=SKIP)
    mohyliv = Dataset.objects.filter(hromada__katottg="UA12020110000034205")
    assert mohyliv.count() == 25
    assert mohyliv.exclude(live_key="").count() == 16
    assert set(mohyliv.values_list("status", flat=True)) == {"published"}
    assert not mohyliv.exclude(blocked_reason="").exists()
    assert ObligationChoice.objects.filter(hromada__katottg="UA12020110000034205", applies=False).count() == 3
    hromada = mohyliv.first().hromada
    cal, today = calendar_for(hromada), timezone.localdate()
    states = {d.obligation_code: schedule.state(d.next_due, today, cal) for d in mohyliv}
    assert states["mun-051"] == "overdue"
    assert states["mun-027"] in ("today", "soon")
    assert [s for code, s in states.items() if code not in ("mun-051", "mun-027")] == ["ok"] * 23
    register = mohyliv.get(live_key="opendata.register").resources.get().current
    assert register.row_count == 25  # the register lists every dataset published before it
    assert Dataset.objects.filter(hromada__katottg="UA12020250000010438").count() == 2
    versions = ResourceVersion.objects.count()
    seed_demo(skip_apps=SKIP)
    assert Dataset.objects.count() == 27 and ResourceVersion.objects.count() == versions
