"""What online applications tell the applicant and the ЦНАП staff. The case engine already tells the applicant
the number and term on filing and the answer when the result (or the refusal) is recorded; these add the ЦНАП's
own stages."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hromada.cnap.models import Application, ApplicationStatus
from hromada.core.models.notifications import Channel
from hromada.core.notifications import RESIDENTS, STAFF, notify, register_kind
from hromada.core.selectors import capability_holders

APPLICANT = register_kind(
    "cnap.application", label=gettext_lazy("Your applications for administrative services"), audience=RESIDENTS,
    default_channels={Channel.EMAIL, Channel.IN_APP},
    description=gettext_lazy("Accepted, sent to the provider, corrections asked, the result waiting at an office."),
)
STAFF_KIND = register_kind(
    "cnap.application_staff", label=gettext_lazy("Online applications to process"), audience=STAFF,
    default_channels={Channel.IN_APP}, description=gettext_lazy("A new or corrected online application."),
)

TEXTS = {
    ApplicationStatus.ACCEPTED: gettext_lazy("Your application No. %(number)s («%(service)s») is accepted by the "
                                             "ЦНАП."),
    ApplicationStatus.WITH_PROVIDER: gettext_lazy("Your application No. %(number)s («%(service)s») is with the "
                                                  "provider: %(provider)s."),
    ApplicationStatus.CORRECTIONS: gettext_lazy("Your application No. %(number)s («%(service)s») needs "
                                                "corrections: %(note)s Correct it in your cabinet."),
    ApplicationStatus.READY: gettext_lazy("The result of your application No. %(number)s («%(service)s») is ready. "
                                          "Collect it at %(office)s, %(address)s."),
}


def _load(application_id: int) -> Application:
    return Application.objects.select_related("hromada", "applicant", "case", "service", "card",
                                              "pickup_office").get(pk=application_id)


def tell_applicant(application_id: int, status: str) -> None:
    application = _load(application_id)
    if status not in TEXTS or application.applicant is None:
        return
    office = application.pickup_office
    body = str(TEXTS[status]) % {
        "number": application.case.number, "service": application.service.title,
        "provider": application.card.provider, "note": application.corrections_note,
        "office": office.name if office else "", "address": office.address if office else ""}
    notify(application.applicant, APPLICANT.key, hromada=application.hromada,
           subject=_("Application No. %(number)s") % {"number": application.case.number}, body=body,
           url=reverse("cnap-cabinet:application", args=[application.pk]),
           dedupe_key=f"cnap-application:{application.pk}:{status}:{application.changed_at.timestamp():.0f}")


def tell_staff(application_id: int, what: str) -> None:
    application = _load(application_id)
    body = (_("A new online application No. %(number)s: «%(service)s».") if what == "submitted" else
            _("Application No. %(number)s («%(service)s») was corrected by the applicant.")) % {
        "number": application.case.number, "service": application.service.title}
    for person in capability_holders(application.hromada, "cnap.applications_process"):
        notify(person, STAFF_KIND.key, hromada=application.hromada, subject=_("ЦНАП: online application"),
               body=body, url=reverse("cnap-staff:application", args=[application.pk]),
               dedupe_key=f"cnap-application:{application.pk}:{what}:{application.changed_at.timestamp():.0f}")
