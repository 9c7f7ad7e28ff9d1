"""What the ЦНАП holds about a person: bookings of the queue and online applications (exported; on erasure the
bookings lose the name and the account, the applications stay with their case, which the case engine keeps)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from hromada.cnap.models import Application, Booking
from hromada.core.personal_data import register


def export(user, hromada) -> dict:
    bookings = Booking.objects.filter(hromada=hromada, person=user).select_related("slot__office", "service")
    applications = Application.objects.filter(hromada=hromada, applicant=user).select_related("service", "case")
    return {
        "bookings": [{"service": b.service.title, "office": b.slot.office.name, "time": b.slot.starts_at,
                      "status": b.status, "code": b.code, "booked_at": b.created_at} for b in bookings],
        "applications": [{"number": a.case.number, "service": a.service.title, "status": a.status,
                          "submitted_at": a.submitted_at, "answers": a.answers} for a in applications],
    }


def erase(user, hromada) -> None:
    Booking.objects.filter(hromada=hromada, person=user).update(person=None, name="—")
    Application.objects.filter(hromada=hromada, applicant=user).update(applicant=None)


register("cnap", export=export, erase=erase,
         keep_reason=_("applications stay with their case for the records' retention term; bookings are kept "
                       "without the name for the queue's figures"), order=60)
