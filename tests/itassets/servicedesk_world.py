"""The cast and helpers of the IT service desk tests: one hromada's IT officers and staff, a request filed at a
fixed moment, the hand-moved clock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from hromada.core.models import RoleAssignment
from hromada.itassets.models import ServiceRequest
from hromada.itassets.servicedesk import services
from tests.clock import Clock
from tests.factories import member

KYIV = ZoneInfo("Europe/Kyiv")


def kyiv(*args) -> datetime:
    return datetime(*args, tzinfo=KYIV)


@dataclass
class Cast:
    hromada: object
    officer: object  # programme manager: the informatization officer (itassets.manage)
    admin: object  # hromada administrator (itassets.manage too)
    clerk: object  # reports, sees the own requests
    other_clerk: object  # another clerk of the same department
    head: object  # department head of the clerk's department (itassets.view)
    outsider_head: object  # head of another department

    def report(self, who=None, **fields) -> ServiceRequest:
        values = {"subject": "Не друкує принтер", "description": "Зминає папір на кожному аркуші.",
                  "kind": ServiceRequest.Kind.PRINTING, "priority": "normal"}
        values.update(fields)
        return services.report(self.hromada, actor=who or self.clerk, **values)


def cast(hromada) -> Cast:
    clerk = member(hromada, "clerk", full_name="Оксана Діловод")
    department = RoleAssignment.objects.get(user=clerk, hromada=hromada).department
    other = member(hromada, "clerk", full_name="Петро Інший")
    RoleAssignment.objects.filter(user=other, hromada=hromada).update(department=department)
    head = member(hromada, "department_head", full_name="Ганна Начальниця")
    RoleAssignment.objects.filter(user=head, hromada=hromada).update(department=department)
    return Cast(
        hromada=hromada,
        officer=member(hromada, "programme_manager", full_name="Іван Інформатизатор"),
        admin=member(hromada, "hromada_admin", full_name="Адміністратор Громади"),
        clerk=clerk, other_clerk=other, head=head,
        outsider_head=member(hromada, "department_head", full_name="Інший Начальник"),
    )


def clock_at(monkeypatch, *moment) -> Clock:
    return Clock(monkeypatch, kyiv(*moment))


def b_servicedesk(hromada_b) -> dict[str, str]:
    """For the tenant crawl (tests/core/test_tenant_isolation.py): B's request (with work, parts and a note) and
    B's item it is about — `staff/it/requests/<pk>/…` and the API's `{request_id}` name the request,
    `staff/it/requests/item/<pk>/` the item."""
    from hromada.itassets.servicedesk import services
    from tests.itassets.builders import equipment

    people = cast(hromada_b)
    item = equipment(hromada_b, inventory_number="ЛИШЕБ-1")
    request = people.report(subject="ЛИШЕБ заявка", equipment=item)
    services.record_work(request, actor=people.officer, hromada=hromada_b, text="ЛИШЕБ робота", minutes=5)
    services.record_parts(request, actor=people.officer, hromada=hromada_b, parts="ЛИШЕБ деталь", cost="10")
    return {"request": str(request.pk), "item": str(item.pk)}
