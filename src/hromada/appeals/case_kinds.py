"""The kinds of case this module puts on the core engine, with their statutory clocks (reference §1, §2).

* ``appeal`` — Law «Про звернення громадян»: a proposal, an application or a complaint; one calendar month, 15
  days when no additional study is needed, extension to 45 days in all (Art. 20); forwarding within 5 days
  (Art. 7); anonymous appeals are not considered (Art. 8).
* ``hotline`` — a call to the unified hotline registered as a case: an oral appeal under the same law, with the
  category's own service term (24 hours for emergencies) when it is shorter.
* ``info_request`` — Law «Про доступ до публічної інформації»: 5 working days, 48 hours when urgent, extension
  to 20 working days decided within the first 5 (Art. 20), refusal only on the grounds of Art. 22, forwarding
  within 5 working days; anyone may request.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hromada.core.cases.kinds import CaseKind, Term, register
from hromada.core.hromada_settings import get_setting
from hromada.core.models import CaseChannel, CaseOutcome

APPEAL, HOTLINE, INFO_REQUEST = "appeal", "hotline", "info_request"
ELECTRONIC = (CaseChannel.PORTAL, CaseChannel.API, CaseChannel.EMAIL)

APPEAL_SUBKINDS = (
    ("proposal", gettext_lazy("proposal (remark)")),
    ("application", gettext_lazy("application (petition)")),
    ("complaint", gettext_lazy("complaint")),
)
# Art. 8 (not considered) and Art. 7 (returned as improperly formed).
APPEAL_CLOSING_GROUNDS = (
    ("anonymous", gettext_lazy("anonymous appeal (Art. 8): no place of residence, not signed, author unknown")),
    ("unclear", gettext_lazy("the essence cannot be determined (Art. 8)")),
    ("repeated", gettext_lazy("repeated appeal on a matter already resolved (Art. 8)")),
    ("late_complaint", gettext_lazy("complaint filed after the term of Art. 17 (Art. 8)")),
    ("incapable", gettext_lazy("filed by a person declared legally incapable (Art. 8)")),
    ("improper", gettext_lazy("improperly formed, returned with explanations (Art. 7)")),
)
# Art. 22 part 1 of the public-information law: the only grounds of refusal.
INFO_REFUSAL_GROUNDS = (
    ("not_holder", gettext_lazy("the council does not hold and need not hold the information (Art. 22 p. 1 cl. 1)")),
    ("restricted", gettext_lazy("the information is of restricted access (Art. 22 p. 1 cl. 2, Art. 6)")),
    ("unpaid", gettext_lazy("the actual costs of copying were not paid (Art. 22 p. 1 cl. 3, Art. 21)")),
    ("malformed", gettext_lazy("the request lacks what Art. 19 part 5 requires (Art. 22 p. 1 cl. 4)")),
)
INFO_CLOSING_GROUNDS = (
    ("malformed", INFO_REFUSAL_GROUNDS[3][1]),
)


def _appeal_term(case) -> Term:
    if case.urgent:
        return Term(get_setting(case.hromada, "appeals.simple_term_days"), "calendar_days",
                    _("Law «Про звернення громадян», Art. 20: without additional study, %(n)s days")
                    % {"n": get_setting(case.hromada, "appeals.simple_term_days")})
    months = get_setting(case.hromada, "appeals.term_months")
    return Term(months, "months", _("Law «Про звернення громадян», Art. 20: one month") if months == 1 else
                _("Law «Про звернення громадян», Art. 20: %(n)s months") % {"n": months})


def _appeal_limit(case) -> Term:
    days = get_setting(case.hromada, "appeals.max_term_days")
    return Term(days, "calendar_days", _("Law «Про звернення громадян», Art. 20: at most %(n)s days in all")
                % {"n": days})


def _appeal_forward(case) -> Term:
    days = get_setting(case.hromada, "appeals.forward_days")
    return Term(days, "calendar_days", _("Law «Про звернення громадян», Art. 7: forwarded within %(n)s days")
                % {"n": days})


def _appeal_check(case) -> dict:
    """Art. 5: name, place of residence, the essence; an electronic appeal gives an address for the answer."""
    errors = {}
    if case.anonymous:
        return errors
    if not case.applicant_name:
        errors["applicant_name"] = _("Give the applicant's surname, name and patronymic (Art. 5).")
    if not case.applicant_address and case.channel != CaseChannel.PHONE:
        errors["applicant_address"] = _("Give the applicant's place of residence (Art. 5).")
    if case.channel in ELECTRONIC and not (case.applicant_email or case.applicant_phone):
        errors["applicant_email"] = _("An electronic appeal gives an e-mail or another contact for the answer "
                                      "(Art. 5).")
    return errors


def _repeat_window(case) -> int:
    return get_setting(case.hromada, "appeals.repeat_window_days")


def _close_anonymous(case):
    if case.anonymous:
        return "anonymous", str(APPEAL_CLOSING_GROUNDS[0][1])
    return None


def _info_term(case) -> Term:
    if case.urgent:
        hours = get_setting(case.hromada, "public_info.urgent_hours")
        return Term(hours, "hours", _("Law «Про доступ до публічної інформації», Art. 20 part 2: %(n)s hours")
                    % {"n": hours})
    days = get_setting(case.hromada, "public_info.term_working_days")
    return Term(days, "working_days",
                _("Law «Про доступ до публічної інформації», Art. 20 part 1: %(n)s working days") % {"n": days})


def _info_limit(case) -> Term:
    days = get_setting(case.hromada, "public_info.extended_term_working_days")
    return Term(days, "working_days",
                _("Law «Про доступ до публічної інформації», Art. 20 part 4: up to %(n)s working days") % {"n": days})


def _info_window(case) -> Term:
    days = get_setting(case.hromada, "public_info.extension_notice_working_days")
    return Term(days, "working_days", _("Law «Про доступ до публічної інформації», Art. 20 part 4: the notice "
                                        "within %(n)s working days") % {"n": days})


def _info_forward(case) -> Term:
    days = get_setting(case.hromada, "public_info.forward_working_days")
    return Term(days, "working_days", _("Law «Про доступ до публічної інформації», Art. 22 part 3: forwarded "
                                        "within %(n)s working days") % {"n": days})


def _info_check(case) -> dict:
    """Art. 19 part 5: the requester's name and a postal or e-mail address (or a phone); a description."""
    errors = {}
    if not case.applicant_name:
        errors["applicant_name"] = _("Give the requester's name (Art. 19).")
    if not (case.applicant_email or case.applicant_address or case.applicant_phone):
        errors["applicant_email"] = _("Give an e-mail, a postal address or a phone for the answer (Art. 19).")
    return errors


def copy_fee(case) -> Decimal | None:
    """Actual copying costs above the free pages (Art. 21); none for information about oneself."""
    if not case.copy_pages:
        return None
    free = get_setting(case.hromada, "public_info.free_pages")
    rate = Decimal(get_setting(case.hromada, "public_info.page_fee").replace(",", ".").replace(" ", ""))
    extra = max(case.copy_pages - free, 0)
    return (rate * extra).quantize(Decimal("0.01")) if extra and rate else Decimal("0.00")


register(CaseKind(
    key=APPEAL, label=gettext_lazy("appeal"), number_setting="cases.number_pattern.appeal", term=_appeal_term,
    extension_limit=_appeal_limit, forward_term=_appeal_forward, subkinds=APPEAL_SUBKINDS,
    closing_grounds=APPEAL_CLOSING_GROUNDS, repeat_window_days=_repeat_window,
    basis_label=gettext_lazy("Law «Про звернення громадян»"),
    extra={"check": _appeal_check, "close_on_registration": _close_anonymous},
))
register(CaseKind(
    key=HOTLINE, label=gettext_lazy("hotline call"), number_setting="cases.number_pattern.hotline",
    term=_appeal_term, extension_limit=_appeal_limit, forward_term=_appeal_forward,
    closing_grounds=APPEAL_CLOSING_GROUNDS, repeat_window_days=_repeat_window,
    basis_label=gettext_lazy("Law «Про звернення громадян» (oral appeal through the hotline)"),
    extra={"check": lambda case: {}},
))
register(CaseKind(
    key=INFO_REQUEST, label=gettext_lazy("public-information request"),
    number_setting="cases.number_pattern.info_request", term=_info_term, extension_limit=_info_limit,
    extension_window=_info_window, forward_term=_info_forward, refusal_grounds=INFO_REFUSAL_GROUNDS,
    closing_grounds=INFO_CLOSING_GROUNDS,
    basis_label=gettext_lazy("Law «Про доступ до публічної інформації»"),
    extra={"check": _info_check, "anyone_may_file": True, "copy_fee": copy_fee,
           "outcomes": [CaseOutcome.PROVIDED, CaseOutcome.REFUSED]},
))
