"""An online application for an administrative service: a case of the core engine whose term is the service
card's («граничний строк», Art. 5 and 10 of the Law «Про адміністративні послуги»; 30 calendar days when the
service's law sets none). The ЦНАП records the result itself (``answered_by_body``)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hromada.cnap.catalogue.cards import BASIS
from hromada.core.cases.kinds import CaseKind, Term, register
from hromada.core.cases.numbering import check_pattern
from hromada.core.hromada_settings import SettingSpec, get_setting
from hromada.core.hromada_settings import register as register_setting

KIND = "cnap_application"
SUBKIND_PREFIX = "service:"

register_setting(SettingSpec(
    "cases.number_pattern.cnap_application", str, "ЦН-{year}/{seq:06d}",
    gettext_lazy("Number pattern of online applications for administrative services"),
    "Law «Про адміністративні послуги», Art. 9 (the application is registered)", validator=check_pattern,
))


def _term(case) -> Term:
    from hromada.cnap.models import Service

    service_id = case.subkind.removeprefix(SUBKIND_PREFIX)
    service = (Service.objects.select_related("card").filter(hromada_id=case.hromada_id, pk=service_id).first()
               if service_id.isdigit() else None)
    card = service.card if service is not None else None
    if card is None:
        days = int(get_setting(case.hromada, "cnap.max_term_days"))
        return Term(days, "calendar_days", _("Law «Про адміністративні послуги», Art. 10: %(n)s calendar days at "
                                             "most") % {"n": days})
    if card.term_unit == "same_day":
        # An application that arrives online is taken up on the next working day at the latest.
        return Term(1, "working_days", _("%(basis)s: on the day of application (online: by the next working "
                                         "day)") % {"basis": card.term_basis or BASIS})
    return Term(card.term_amount, card.term_unit, card.term_basis or BASIS)


register(CaseKind(
    key=KIND, label=gettext_lazy("online application for an administrative service"),
    number_setting="cases.number_pattern.cnap_application", term=_term,
    basis_label=gettext_lazy("Law «Про адміністративні послуги»"),
    extra={"answered_by_body": True},
))
