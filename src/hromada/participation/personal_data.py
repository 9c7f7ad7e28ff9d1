"""What e-petitions and the participatory budget hold about a person (core.personal_data).

Erasure: drafts are deleted; submitted petitions and projects stay on record (the law keeps petitions and the
public list of signers; projects are the council's programme) with the account detached; signatures keep the
public name with the account link emptied; ballots keep their pseudonymous choices, detached from the account.
"""

from django.utils.translation import gettext_lazy as _

from hromada.core.personal_data import register
from hromada.participation.models import Ballot, Petition, PetitionStatus, Project, Signature


def export_participation(user, hromada) -> dict:
    petitions = Petition.objects.filter(hromada=hromada, author=user)
    signatures = Signature.objects.filter(hromada=hromada, signer=user).select_related("petition")
    projects = Project.objects.filter(hromada=hromada, author=user).select_related("edition", "category")
    ballots = (Ballot.objects.filter(hromada=hromada, user=user).select_related("edition")
               .prefetch_related("choices__project"))
    return {
        "petitions": [{"number": p.number, "title": p.title, "status": p.status, "author_name": p.author_name,
                       "author_email": p.author_email, "submitted_at": p.submitted_at} for p in petitions],
        "signatures": [{"petition": s.petition.number, "title": s.petition.title, "name": s.signer_name,
                        "signed_at": s.signed_at, "kep_subject": s.kep_subject} for s in signatures],
        "budget_projects": [{"edition": p.edition.year, "number": p.number, "title": p.title, "status": p.status,
                             "author_name": p.author_name, "author_email": p.author_email} for p in projects],
        "budget_ballots": [{"edition": b.edition.year, "channel": b.channel, "cast_at": b.cast_at,
                            "projects": sorted(c.project.number for c in b.choices.all())} for b in ballots],
    }


def erase_participation(user, hromada) -> None:
    Petition.objects.filter(hromada=hromada, author=user, status=PetitionStatus.DRAFT).delete()
    Petition.objects.filter(hromada=hromada, author=user).update(author=None)
    Signature.objects.filter(hromada=hromada, signer=user).update(signer=None)
    Project.objects.filter(hromada=hromada, author=user, status="draft").delete()
    Project.objects.filter(hromada=hromada, author=user).update(author=None)
    Ballot.objects.filter(hromada=hromada, user=user).update(user=None)


register("participation", export_participation, erase_participation, order=60,
         keep_reason=_("petitions with their public signer lists and budget projects stay on record with the "
                       "account detached; ballots stay as pseudonymous choices"))
