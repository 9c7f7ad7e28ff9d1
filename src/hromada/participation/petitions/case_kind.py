"""The consideration of an e-petition that collected its signatures: a case of the core engine.

Art. 23-1 of the Law «Про звернення громадян»: considered without delay, within 10 working days from the
announcement that consideration started (``petitions.consideration_working_days``, per the statute). The answer
is the considering body's decision, recorded with ``record_body_answer``.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hromada.core.cases.kinds import CaseKind, Term, register
from hromada.core.hromada_settings import get_setting

PETITION = "petition"


def _term(case) -> Term:
    days = get_setting(case.hromada, "petitions.consideration_working_days")
    return Term(days, "working_days", _("Law «Про звернення громадян», Art. 23-1: within %(n)s working days")
                % {"n": days})


register(CaseKind(
    key=PETITION, label=gettext_lazy("e-petition"), number_setting="cases.number_pattern.petition", term=_term,
    basis_label=gettext_lazy("Law «Про звернення громадян», Art. 23-1"),
    # A petition's case is opened by the platform when the collection closes, also for an author who has
    # since erased the account.
    extra={"answered_by_body": True, "anyone_may_file": True},
))
