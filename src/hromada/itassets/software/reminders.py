"""Reminders before a software licence expires: 60 days before, 14 days before and on the day, to the person
responsible for the licence and to the IT asset managers (the itassets.manage capability), each once.

A stage is sent on the first daily run inside its window — 60 to 15 days left, 14 to 1 day left, the day itself
(or, if the worker was down that day, up to three days after, saying the licence has expired) — so a missed run
does not lose a notice, and the dedupe key (licence, its expiry date, the stage) sends it once: a renewed licence
(a new expiry date) is reminded anew. A licence created with 30 days left gets the «60 days» notice at once,
worded with the days that are actually left.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, override

from hromada.core.notifications import notify
from hromada.core.selectors import capability_holders
from hromada.core.worklist import long_date
from hromada.itassets.models import Licence
from hromada.itassets.permissions import MANAGE
from hromada.itassets.software.notifications import LICENCE_EXPIRING

FIRST, SECOND = 60, 14
LATE_GRACE = 3  # days after the expiry a missed «on the day» notice is still sent


def stage(expires_on: date, today: date) -> str | None:
    """"60", "14", "0" or None (nothing to send today)."""
    left = (expires_on - today).days
    if SECOND < left <= FIRST:
        return "60"
    if 0 < left <= SECOND:
        return "14"
    if -LATE_GRACE <= left <= 0:
        return "0"
    return None


def recipients(lic: Licence, managers: list) -> list:
    people = {person.pk: person for person in managers}
    if lic.responsible is not None and lic.responsible.is_active:
        people.setdefault(lic.responsible.pk, lic.responsible)
    return sorted(people.values(), key=lambda person: person.pk)


def _texts(lic: Licence, today: date) -> tuple[str, str]:
    left = (lic.expires_on - today).days
    name = str(lic.software)
    when = long_date(lic.expires_on)
    if left > 0:
        subject = ngettext("Licence of «%(title)s» expires in %(days)s day, on %(date)s",
                           "Licence of «%(title)s» expires in %(days)s days, on %(date)s",
                           left) % {"title": name, "days": left, "date": when}
    elif left == 0:
        subject = _("Licence of «%(title)s» expires today, %(date)s") % {"title": name, "date": when}
    else:
        subject = _("Licence of «%(title)s» expired on %(date)s") % {"title": name, "date": when}
    seats = (_("unlimited") if lic.seats is None else str(lic.seats))
    body = _("Renew the licence or plan a replacement; after the expiry its seats no longer license the "
             "installations. Kind: %(kind)s. Seats: %(seats)s. Contract: %(contract)s.") % {
        "kind": lic.get_kind_display(), "seats": seats, "contract": lic.contract or "—"}
    return subject, body


def send_due(today: date | None = None) -> int:
    """Send the notices due today for every hromada's licences; how many were sent (idempotent)."""
    today = today or timezone.localdate()
    qs = (Licence.objects.filter(expires_on__gte=today - timedelta(days=LATE_GRACE),
                                 expires_on__lte=today + timedelta(days=FIRST))
          .select_related("hromada", "software", "responsible").order_by("hromada_id", "expires_on", "pk"))
    managers: dict[int, list] = {}
    sent = 0
    for lic in qs.iterator(chunk_size=500):
        current = stage(lic.expires_on, today)
        if current is None:
            continue
        if lic.hromada_id not in managers:
            managers[lic.hromada_id] = capability_holders(lic.hromada, MANAGE)
        with override("uk"):
            subject, body = _texts(lic, today)
        url = reverse("itassets-staff:licence-detail", args=[lic.pk])
        key = f"itassets:licence:{lic.pk}:{lic.expires_on.isoformat()}:{current}"
        for person in recipients(lic, managers[lic.hromada_id]):
            if notify(person, LICENCE_EXPIRING.key, hromada=lic.hromada, subject=subject, body=body, url=url,
                      dedupe_key=key):
                sent += 1
    return sent
