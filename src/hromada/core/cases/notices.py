"""What the case engine tells applicants and staff, through the notification service.

The law requires telling the applicant of the registration's term, an extension, forwarding and the answer,
so those go by e-mail (or SMS to a phone-only applicant) whatever the preferences. An applicant without an
account is written to at the address they gave.
"""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hromada.core.cases import kinds
from hromada.core.models import Case, User
from hromada.core.models.notifications import Channel
from hromada.core.notifications import RESIDENTS, STAFF, notify, register_kind

APPLICANT = register_kind(
    "cases.applicant", label=gettext_lazy("Your appeals and requests"), audience=RESIDENTS,
    default_channels={Channel.EMAIL, Channel.IN_APP}, required_channels={Channel.EMAIL},
    required_reason=gettext_lazy("the law requires telling you"),
    description=gettext_lazy("Registration with its number and due date, an extension, forwarding, the answer."),
)
STAFF_CASES = register_kind(
    "cases.staff", label=gettext_lazy("Appeals and requests assigned to you"), audience=STAFF,
    default_channels={Channel.EMAIL, Channel.IN_APP},
    description=gettext_lazy("A case assigned to you or your unit, an answer to sign, an answer returned."),
)
DEADLINES = register_kind(
    "cases.deadline", label=gettext_lazy("Deadlines of appeals and requests"), audience=STAFF,
    default_channels={Channel.EMAIL, Channel.IN_APP},
    description=gettext_lazy("Two working days before the due date, on the day, and when a case is overdue."),
)


def _url(name: str, case: Case) -> str:
    try:
        return reverse(name, args=[case.pk])
    except NoReverseMatch:
        return ""


def applicant_url(case: Case) -> str:
    return _url("my-cases:detail", case)


def staff_url(case: Case) -> str:
    return _url("cases:detail", case)


def _due(case: Case) -> str:
    from hromada.core.cases.services import format_due

    return format_due(case)


def _applicant_message(case: Case, what: str) -> tuple[str, str]:
    label = kinds.get(case.kind).label
    params = {"kind": label, "number": case.number, "due": _due(case), "basis": case.term_basis,
              "subject": case.subject}
    if what == "registered":
        return (_("%(kind)s registered: № %(number)s") % params,
                _("Your %(kind)s «%(subject)s» is registered under № %(number)s. It will be answered by %(due)s "
                  "(%(basis)s).") % params)
    if what == "extended":
        params["reason"] = case.extension_reason
        return (_("The term of № %(number)s is extended") % params,
                _("The term for answering № %(number)s is extended to %(due)s. Reason: %(reason)s (%(basis)s).")
                % params)
    if what == "answered":
        return (_("Answer to № %(number)s") % params, _("Your %(kind)s № %(number)s is answered:\n\n%(answer)s")
                % {**params, "answer": case.answer_text})
    # closed: forwarded, not considered, returned, or closed after the answer
    if case.forwarded_to:
        params["to"] = case.forwarded_to
        return (_("№ %(number)s is forwarded") % params,
                _("Your %(kind)s № %(number)s is not in the hromada's competence and is forwarded to %(to)s. "
                  "Reason: %(reason)s") % {**params, "reason": case.closure_reason})
    if case.answer_text and case.signed_by_id:
        return (_("№ %(number)s is closed") % params, _("Your %(kind)s № %(number)s is closed.") % params)
    return (_("№ %(number)s is closed without consideration") % params,
            _("Your %(kind)s № %(number)s is not considered: %(reason)s") % {**params,
                                                                            "reason": case.closure_reason})


def to_applicant(case_id: int, what: str) -> None:
    case = Case.objects.select_related("hromada", "applicant").filter(pk=case_id).first()
    if case is None or case.anonymous:
        return
    recipient = case.applicant or case.applicant_email or case.applicant_phone
    if not recipient:
        return  # a paper appeal without e-mail or phone is answered by post (the registration journal shows it)
    subject, body = _applicant_message(case, what)
    notify(recipient, APPLICANT.key, hromada=case.hromada, subject=subject, body=body,
           url=applicant_url(case) if case.applicant_id else "",
           dedupe_key=f"{case.pk}:{what}:{int(case.updated_at.timestamp())}")


def to_staff(case_id: int, user_ids: list[int], what: str) -> None:
    case = Case.objects.select_related("hromada").filter(pk=case_id).first()
    if case is None:
        return
    params = {"number": case.number, "subject": case.subject, "due": _due(case)}
    subject = {
        "assigned": _("Assigned to you: № %(number)s «%(subject)s», due %(due)s"),
        "to_sign": _("Answer to sign: № %(number)s «%(subject)s», due %(due)s"),
        "returned": _("Answer returned for changes: № %(number)s «%(subject)s»"),
    }[what] % params
    for user in User.objects.filter(pk__in=user_ids, is_active=True):
        notify(user, STAFF_CASES.key, hromada=case.hromada, subject=subject, body=subject, url=staff_url(case))
