"""What the IT service desk asks of staff now (core.worklist): the new requests nobody has taken, for the IT
officers; the open requests assigned to a person, for that person — each with its due date (the priority's
term in working days of the core calendar) and overdue flagged."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hromada.core import worklist
from hromada.itassets.models import ServiceRequest
from hromada.itassets.permissions import MANAGE
from hromada.itassets.settings_specs import TERMS_BASIS

NEW = "itassets.request_new"
ASSIGNED = "itassets.request_assigned"

worklist.register_kind(NEW, gettext_lazy("New IT request to assign"), order=70)
worklist.register_kind(ASSIGNED, gettext_lazy("IT request assigned to you"), order=71)

Status = ServiceRequest.Status
WORKING = (Status.ASSIGNED, Status.IN_PROGRESS, Status.WAITING, Status.NEW)


def _item(kind: str, request: ServiceRequest, today) -> worklist.Item:
    detail = _("Priority: %(priority)s; %(status)s; reported by %(who)s") % {
        "priority": request.get_priority_display(), "status": request.get_status_display(),
        "who": request.reporter_name or "—"}
    return worklist.Item(
        kind=kind, title=f"{request.number} {request.subject}",
        url=reverse("itassets-staff:request-detail", args=[request.pk]), deadline=request.due_date,
        working_days=True, basis=TERMS_BASIS, detail=detail,
        unit=request.department.name if request.department_id else "",
        state=worklist.state_of(request.due_date, today, late=request.due_date < today),
    )


@worklist.provider("itassets.requests", capability=MANAGE)
def requests(ctx: worklist.Context) -> list[worklist.Item]:
    rows = (ServiceRequest.objects.filter(hromada=ctx.hromada, status=Status.NEW, assignee__isnull=True)
            .select_related("department").order_by("due_date", "pk"))
    items = [_item(NEW, request, ctx.today) for request in rows]
    mine = (ServiceRequest.objects.filter(hromada=ctx.hromada, status__in=WORKING, assignee=ctx.user)
            .select_related("department").order_by("due_date", "pk"))
    items.extend(_item(ASSIGNED, request, ctx.today) for request in mine)
    return items
