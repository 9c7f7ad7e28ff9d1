"""What the participatory budget holds about a person (core.personal_data): projects they authored, their
ballots (their own choices are shown to them only), ballots they entered as staff.

Erasure keeps the public record: a project stays under the name given at submission (the Положення publishes
authors), the ballot stays so the count and the public log hold, the link to the account is dropped.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hromada.accounts.models import Membership
from hromada.core.personal_data import register
from hromada.participation.models import Ballot, Project


def _ballots(user, hromada):
    resident_id = (Membership.objects.filter(user=user, hromada=hromada).values_list("resident_id", flat=True)
                   .first())
    match = Q(user=user) | Q(voter_key=f"u{user.pk}")
    if resident_id:
        match |= Q(voter_key=f"r{resident_id}")
    return Ballot.objects.filter(match, hromada=hromada).select_related("edition").prefetch_related(
        "choices__project")


def export_budget(user, hromada) -> dict:
    return {
        "projects": [{"edition": p.edition.year, "number": p.number, "title": p.title, "status": p.status,
                      "author_name": p.author_name, "author_email": p.author_email, "address": p.address,
                      "cost": p.cost, "submitted_at": p.submitted_at}
                     for p in Project.objects.filter(hromada=hromada, author=user).select_related("edition")],
        "ballots": [{"edition": b.edition.year, "channel": b.channel, "paper_number": b.paper_number,
                     "pseudonym": b.pseudonym, "cast_at": b.cast_at, "changed_at": b.changed_at,
                     "projects": sorted(c.project.number for c in b.choices.all())}
                    for b in _ballots(user, hromada)],
        "ballots_entered": Ballot.objects.filter(hromada=hromada, entered_by=user).count(),
    }


def erase_budget(user, hromada) -> None:
    Project.objects.filter(hromada=hromada, author=user).update(author=None, author_email="")
    Ballot.objects.filter(hromada=hromada, user=user).update(user=None)
    Ballot.objects.filter(hromada=hromada, entered_by=user).update(entered_by=None)


register("participation.budget", export=export_budget, erase=erase_budget,
         keep_reason=_("projects and ballots of the participatory budget stay in the public record and the "
                       "count, without the link to the account"))
