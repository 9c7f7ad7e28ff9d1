"""The ЦНАП demo: three offices of Mohyliv, about forty services with complete approved cards, slots for three
weeks, bookings, a day of the live queue with an air-raid pause, applications in every state — and a second run
changes nothing."""

from __future__ import annotations

import pytest
from django.utils import timezone

from hromada.cnap.catalogue import cards
from hromada.cnap.models import (
    Application,
    ApplicationStatus,
    Booking,
    Office,
    Pause,
    Service,
    ServiceCard,
    Slot,
    Ticket,
)
from hromada.core.demo.seed import seed_demo
from hromada.core.models import Hromada

pytestmark = pytest.mark.django_db
SKIP = frozenset({"acts", "appeals", "programmes", "portal", "participation", "opendata", "itassets"})


def _counts():
    return tuple(m.objects.count() for m in (Office, Service, ServiceCard, Slot, Booking, Ticket, Pause, Application))


def test_the_demo_cnap_and_a_second_run(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    seed_demo(skip_apps=SKIP)
    mohyliv = Hromada.objects.get(katottg="UA12020110000034205")
    offices = {o.kind: o for o in Office.objects.filter(hromada=mohyliv)}
    assert set(offices) == {"main", "remote", "mobile"}
    assert offices["remote"].starosta_district.name.startswith("Цибульків")
    services = Service.objects.filter(hromada=mohyliv).select_related("card")
    assert services.count() >= 40 and all(s.card_id for s in services)
    assert [s.title for s in services if cards.missing(s.card, s)] == []
    assert services.filter(online=True).count() >= 12
    today = timezone.localdate()
    days = set(Slot.objects.filter(office=offices["main"]).values_list("starts_at__date", flat=True))
    assert len([d for d in days if d > today]) >= 15  # working days and Saturdays of three weeks
    assert Slot.objects.filter(office=offices["mobile"]).exists()
    assert Booking.objects.filter(hromada=mohyliv).count() >= 20
    assert Pause.objects.filter(office=offices["main"], ended_at__isnull=False).count() == 1
    assert Ticket.objects.filter(office=offices["main"], status="done").count() >= 30
    assert set(Application.objects.filter(hromada=mohyliv).values_list("status", flat=True)) == set(
        ApplicationStatus.values)
    assert Service.objects.filter(hromada__katottg="UA12020250000010438", card__isnull=False).count() == 5
    before = _counts()
    seed_demo(skip_apps=SKIP)
    assert _counts() == before
