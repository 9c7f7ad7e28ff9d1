"""What the case engine holds about a person (core.personal_data): the cases they filed in a hromada.

Records of appeals and requests are kept by law (the council's nomenclature of files; Law «Про звернення
громадян», Art. 24 on records), so erasure never deletes a case: every case is detached from the account, and
a finished case (answered or closed) also loses the applicant's name and contacts. An open case keeps the
contacts the answer is owed to until it is answered.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from hromada.core.models import Case, CaseStatus
from hromada.core.personal_data import register

FINISHED = (CaseStatus.ANSWERED, CaseStatus.CLOSED)
ANONYMISED = {"applicant_name": "", "applicant_email": "", "applicant_phone": "", "applicant_address": "",
              "rating_comment": ""}


def export_cases(user, hromada) -> list[dict]:
    rows = (Case.objects.filter(hromada=hromada, applicant=user).select_related("category")
            .prefetch_related("events", "attachments").order_by("received_at", "id"))
    return [{
        "number": case.number, "kind": case.kind, "type": case.subkind, "channel": case.channel,
        "received_at": case.received_at, "subject": case.subject, "text": case.text,
        "category": case.category.name if case.category_id else None,
        "applicant_name": case.applicant_name, "applicant_email": case.applicant_email,
        "applicant_phone": case.applicant_phone, "applicant_address": case.applicant_address,
        "priority": case.priority, "priority_ground": case.priority_ground, "urgent": case.urgent,
        "urgent_ground": case.urgent_ground, "status": case.status, "outcome": case.outcome,
        "due_date": case.due_date, "due_at": case.due_at, "term_basis": case.term_basis,
        "extension_reason": case.extension_reason, "answered_at": case.answered_at,
        "answer": case.answer_text if case.answered_at else "",
        "rating": case.rating, "rating_comment": case.rating_comment,
        "publish_requested": case.publish_requested, "published_at": case.published_at,
        "events": [{"kind": event.kind, "at": event.at, "note": event.note}
                   for event in case.events.all() if event.public],
        "attachments": [{"name": item.name, "role": item.role, "size": item.size}
                        for item in case.attachments.all() if item.role != "internal"],
    } for case in rows]


def erase_cases(user, hromada) -> None:
    rows = Case.objects.filter(hromada=hromada, applicant=user)
    rows.filter(status__in=FINISHED).update(**ANONYMISED)
    rows.update(applicant=None)


register("cases", export_cases, erase_cases, order=40,
         keep_reason=_("appeals and requests are kept as the law requires records of them: the account is "
                       "detached and the applicant's name and contacts are removed from finished ones"))
