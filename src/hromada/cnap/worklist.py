"""What the ЦНАП asks of staff now (core.worklist): online applications to process by their term."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hromada.cnap.models import Application, ApplicationStatus
from hromada.core import worklist

PROCESS = "cnap.application"
COLLECT = "cnap.application_collect"

worklist.register_kind(PROCESS, gettext_lazy("Online application to process"), order=45)
worklist.register_kind(COLLECT, gettext_lazy("ЦНАП result waiting to be collected"), order=46)

ACTIVE = (ApplicationStatus.SUBMITTED, ApplicationStatus.ACCEPTED, ApplicationStatus.WITH_PROVIDER)


@worklist.provider("cnap.applications", capability="cnap.applications_process")
def applications(ctx: worklist.Context) -> list[worklist.Item]:
    rows = (Application.objects.filter(hromada=ctx.hromada, status__in=(*ACTIVE, ApplicationStatus.READY))
            .select_related("service", "case").order_by("case__due_date", "id"))
    items = []
    for application in rows:
        case = application.case
        waiting = application.status == ApplicationStatus.READY
        items.append(worklist.Item(
            kind=COLLECT if waiting else PROCESS,
            title=_("No. %(number)s %(service)s") % {"number": case.number, "service": application.service.title},
            url=reverse("cnap-staff:application", args=[application.pk]),
            deadline=None if waiting else case.due_date, working_days=case.term_unit == "working_days",
            basis=case.term_basis, unit=application.get_status_display(),
            state=worklist.OPEN if waiting else worklist.state_of(case.due_date, ctx.today,
                                                                  late=case.due_date < ctx.today)))
    return items
