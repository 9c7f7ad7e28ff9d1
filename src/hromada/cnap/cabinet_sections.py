"""The cabinet's «My ЦНАП visits» section."""

from django.utils.translation import gettext_lazy as _

from hromada.core.cabinet import Section, register


def _visits(request, membership):
    from hromada.cnap.queue import selectors

    return {"upcoming": list(selectors.own_bookings(request.hromada, request.user, upcoming_only=True)[:5])}


register(Section("cnap", _("My ЦНАП visits"), "cnap/_section.html", _visits, order=25, url_name="cnap-cabinet:index"))
