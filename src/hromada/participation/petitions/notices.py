"""What e-petitions tell their authors, signers, moderators and the considering body."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hromada.core.models import Hromada
from hromada.core.models.notifications import Channel
from hromada.core.notifications import RESIDENTS, STAFF, notify, register_kind
from hromada.core.selectors import capability_holders
from hromada.core.ukformat import end_sentence
from hromada.participation.models import Petition

AUTHOR = register_kind(
    "participation.petition_author", label=gettext_lazy("Your e-petitions"), audience=RESIDENTS,
    default_channels={Channel.EMAIL, Channel.IN_APP}, required_channels={Channel.EMAIL},
    required_reason=gettext_lazy("the law requires telling you"),
    description=gettext_lazy("Publication or refusal, the threshold reached, the answer, the end of collection."),
)
SIGNER = register_kind(
    "participation.petition_signer", label=gettext_lazy("Petitions you signed"), audience=RESIDENTS,
    default_channels={Channel.IN_APP}, description=gettext_lazy("The answer to a petition you signed."),
)
STAFF_KIND = register_kind(
    "participation.petition_staff", label=gettext_lazy("E-petitions to moderate and consider"), audience=STAFF,
    default_channels={Channel.EMAIL, Channel.IN_APP},
    description=gettext_lazy("A petition submitted for moderation; a petition that collected its signatures."),
)

AUTHOR_TEXTS = {
    "submitted": gettext_lazy("Your petition «%(title)s» was submitted; it is published or refused by %(due)s."),
    "published": gettext_lazy("Your petition «%(title)s» is published as No. %(number)s; signatures are "
                              "collected until %(ends)s."),
    "refused": gettext_lazy("Your petition «%(title)s» was not published: %(reason)s"),
    "reached": gettext_lazy("Your petition «%(title)s» collected %(threshold)s signatures and goes to "
                            "consideration."),
    "answered": gettext_lazy("Your petition «%(title)s» has been answered."),
    "not_reached": gettext_lazy("Your petition «%(title)s» did not collect the signatures needed. You may send "
                                "it as an ordinary collective appeal from your cabinet."),
}


def holders(hromada: Hromada, capability: str) -> list:
    return capability_holders(hromada, capability)


def _context(petition: Petition) -> dict:
    from hromada.core.worklist import long_date

    return {"title": petition.title, "number": petition.number or "",
            "due": long_date(petition.moderation_due) if petition.moderation_due else "",
            "ends": long_date(petition.ends_on) if petition.ends_on else "",
            "threshold": petition.threshold or "", "reason": petition.refusal_reason}


def tell_author(petition_id: int, what: str) -> None:
    petition = Petition.objects.select_related("hromada", "author").get(pk=petition_id)
    url = (reverse("petitions:detail", args=[petition.pk]) if petition.published_at
           else reverse("my-petitions:index"))
    body = end_sentence(str(AUTHOR_TEXTS[what]) % _context(petition))
    # An author who erased the account is still written to at the petition's address (the law requires it).
    notify(petition.author or petition.author_email, AUTHOR.key, hromada=petition.hromada,
           subject=_("E-petition: %(title)s") % {"title": petition.title[:80]}, body=body, url=url,
           dedupe_key=f"petition:{petition.pk}:{what}")


def tell_staff(petition_id: int, what: str) -> None:
    petition = Petition.objects.select_related("hromada").get(pk=petition_id)
    if what == "submitted":
        people = holders(petition.hromada, "participation.petitions_moderate")
        body = end_sentence(_("Petition «%(title)s» was submitted; publish it or refuse by %(due)s.")
                            % _context(petition))
    else:
        people = holders(petition.hromada, "participation.petitions_answer")
        body = _("Petition No. %(number)s «%(title)s» collected %(threshold)s signatures; it must be considered "
                 "and answered.") % _context(petition)
    url = reverse("petitions-staff:detail", args=[petition.pk])
    for person in people:
        notify(person, STAFF_KIND.key, hromada=petition.hromada, subject=_("E-petition: %(title)s")
               % {"title": petition.title[:80]}, body=body, url=url, dedupe_key=f"petition:{petition.pk}:{what}")


def tell_signers(petition_id: int) -> None:
    from django.contrib.auth import get_user_model as users

    petition = Petition.objects.select_related("hromada").get(pk=petition_id)
    ids = petition.signatures.exclude(signer=None).values_list("signer_id", flat=True)
    body = _("Petition No. %(number)s «%(title)s» that you signed has been answered.") % _context(petition)
    url = reverse("petitions:detail", args=[petition.pk])
    for person in users().objects.filter(pk__in=ids, is_active=True).iterator():
        notify(person, SIGNER.key, hromada=petition.hromada, subject=_("E-petition: %(title)s")
               % {"title": petition.title[:80]}, body=body, url=url, dedupe_key=f"petition:{petition.pk}:answer")
