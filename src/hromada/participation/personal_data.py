"""What e-petitions hold about a person (core.personal_data); the budget's part is ``budget/personal_data.py``,
loaded from here because core discovers one ``personal_data`` module per app.

Erasure: drafts are deleted; submitted petitions stay on record (the law keeps petitions and the public list of
signers) with the account detached; signatures keep the public name with the account link emptied.
"""

from django.utils.translation import gettext_lazy as _

from hromada.core.personal_data import register
from hromada.participation.budget import personal_data as budget_personal_data  # noqa: F401  (registers itself)
from hromada.participation.models import Petition, PetitionStatus, Signature


def export_participation(user, hromada) -> dict:
    petitions = Petition.objects.filter(hromada=hromada, author=user)
    signatures = Signature.objects.filter(hromada=hromada, signer=user).select_related("petition")
    return {
        "petitions": [{"number": p.number, "title": p.title, "status": p.status, "author_name": p.author_name,
                       "author_email": p.author_email, "submitted_at": p.submitted_at} for p in petitions],
        "signatures": [{"petition": s.petition.number, "title": s.petition.title, "name": s.signer_name,
                        "signed_at": s.signed_at, "kep_subject": s.kep_subject} for s in signatures],
    }


def erase_participation(user, hromada) -> None:
    Petition.objects.filter(hromada=hromada, author=user, status=PetitionStatus.DRAFT).delete()
    Petition.objects.filter(hromada=hromada, author=user).update(author=None)
    Signature.objects.filter(hromada=hromada, signer=user).update(signer=None)


register("participation.petitions", export_participation, erase_participation, order=60,
         keep_reason=_("petitions and their public signer lists stay on record with the account detached"))
